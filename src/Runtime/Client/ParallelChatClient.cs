namespace StructuredChat;

/// <summary>
/// A client of Parallel's Chat API and Responses API: typed (<c>AskAsync&lt;T&gt;</c>, <c>StreamAsync&lt;T&gt;</c>) and
/// text answers, with their research basis. The model decides the API (<see cref="ParallelModel.Api"/>): the Chat
/// API's <c>speed</c>, <c>lite</c>, <c>base</c>, <c>core</c>, or the Responses API's
/// <see cref="ParallelModel.Responses(ParallelResearchEffort?)"/>. Thread-safe; make one and reuse it.
/// </summary>
public sealed partial class ParallelChatClient : IDisposable
{
    private readonly ApiTransport _transport;
    private readonly CallRunner _calls;
    private readonly ChatCompletionsEndpoint _chat;
    private readonly ResponsesEndpoint _responses;

    /// <summary>Creates a client from the environment (<c>PARALLEL_API_KEY</c>, <c>PARALLEL_BASE_URL</c>) and the defaults.</summary>
    public ParallelChatClient()
        : this(new ParallelChatClientOptions())
    {
    }

    /// <summary>Creates a client.</summary>
    /// <param name="options">The settings; unset ones come from the environment and the defaults.</param>
    /// <exception cref="ArgumentException">No API key is set, or the base URL is not HTTPS (nor loopback) or holds user info.</exception>
    public ParallelChatClient(ParallelChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? apiKey = options.ApiKey ?? Environment.GetEnvironmentVariable("PARALLEL_API_KEY");
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException("No Parallel API key: set ParallelChatClientOptions.ApiKey or the PARALLEL_API_KEY environment variable.", nameof(options));
        }

        Uri baseUrl = options.BaseUrl ?? BaseUrlFromEnvironment() ?? ParallelChatClientOptions.DefaultBaseUrl;
        _chat = new ChatCompletionsEndpoint(ChatCompletionsUrl(baseUrl));
        _responses = new ResponsesEndpoint(ResponsesUrl(baseUrl));
        _transport = new ApiTransport(options, apiKey.Trim());
        _calls = new CallRunner(_transport);
    }

    /// <summary>The URL Chat API requests are posted to (<c>{base}/chat/completions</c>).</summary>
    public Uri Endpoint => _chat.Url;

    /// <summary>The URL Responses API requests are posted to (<c>{base}/v1/responses</c>).</summary>
    public Uri ResponsesEndpoint => _responses.Url;

    internal ApiTransport Transport => _transport;

    /// <summary>Asks for a text answer.</summary>
    /// <param name="prompt">The question.</param>
    /// <param name="model">The model; the default model when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the call at once.</param>
    /// <returns>The text with its basis and interaction id.</returns>
    public Task<ParallelTextResponse> AskAsync(string prompt, ParallelModel? model = null, CancellationToken cancellationToken = default) =>
        AskAsync(new ParallelChatRequest(prompt) { Model = model }, cancellationToken);

    /// <summary>Asks for a text answer to a conversation.</summary>
    /// <param name="request">The conversation, model and follow-up id.</param>
    /// <param name="cancellationToken">Stops the call at once.</param>
    /// <returns>The text with its basis and interaction id.</returns>
    public Task<ParallelTextResponse> AskAsync(ParallelChatRequest request, CancellationToken cancellationToken = default)
    {
        ParallelModel model = ModelOf(request);
        ApiCall call = CallFor(request, model, stream: false, AnswerFormat.Text, null, default);
        return _calls.AskAsync<ParallelTextResponse>(call, new TextAnswer(), cancellationToken);
    }

    /// <summary>Streams a text answer as it arrives.</summary>
    /// <param name="prompt">The question.</param>
    /// <param name="model">The model; the default model when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the stream at once and releases the connection.</param>
    /// <returns>The pieces of text; the last update carries the whole text, the basis and the interaction id.</returns>
    public IAsyncEnumerable<ParallelTextStreamUpdate> StreamAsync(string prompt, ParallelModel? model = null, CancellationToken cancellationToken = default) =>
        StreamAsync(new ParallelChatRequest(prompt) { Model = model }, cancellationToken);

    /// <summary>Streams a text answer to a conversation as it arrives.</summary>
    /// <param name="request">The conversation, model and follow-up id.</param>
    /// <param name="cancellationToken">Stops the stream at once and releases the connection.</param>
    /// <returns>The pieces of text; the last update carries the whole text, the basis and the interaction id.</returns>
    public IAsyncEnumerable<ParallelTextStreamUpdate> StreamAsync(ParallelChatRequest request, CancellationToken cancellationToken = default)
    {
        ParallelModel model = ModelOf(request);
        ApiCall call = CallFor(request, model, stream: true, AnswerFormat.Text, null, default);
        return _calls.RunAsync<ParallelTextStreamUpdate>(call, new TextAnswer(), cancellationToken);
    }

    /// <summary>Releases the client's own HTTP connections and rate limiter.</summary>
    public void Dispose() => _transport.Dispose();

    private ParallelModel ModelOf(ParallelChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Messages.Count == 0)
        {
            throw new ArgumentException("The request has no messages.", nameof(request));
        }

        return request.Model ?? _transport.Options.DefaultModel;
    }

    /// <summary>
    /// A call to the API of <paramref name="model"/>: the body written for <paramref name="request"/> (with the schema
    /// bytes, for a typed answer) by that API's request writer.
    /// </summary>
    private ApiCall CallFor(ParallelChatRequest request, ParallelModel model, bool stream, AnswerFormat format, string? schemaName, ReadOnlySpan<byte> schema)
    {
        bool responses = model.Api == ParallelApi.Responses;
        if (responses)
        {
            ResponsesRequestWriter.CheckMetadata(request.Metadata);
        }
        else if (request.Metadata.Count > 0)
        {
            throw new ArgumentException($"The request has Metadata, which only the Responses API takes; model '{model}' is a Chat API model.", nameof(request));
        }

        var body = new PooledBufferWriter();
        try
        {
            IApiEndpoint endpoint = responses ? _responses : _chat;
            if (responses)
            {
                ResponsesRequestWriter.Write(body, request, model, stream, format, schemaName, schema);
            }
            else
            {
                ChatRequestWriter.Write(body, request, model, stream, format, schemaName, schema);
            }

            return new ApiCall(endpoint, body, stream, model)
            {
                Request = request,
                OutputType = format == AnswerFormat.JsonSchema ? "json" : "text",
            };
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private static Uri ChatCompletionsUrl(Uri baseUrl)
    {
        string path = CheckedBasePath(baseUrl);
        if (!path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            path += "/chat/completions";
        }

        return new UriBuilder(baseUrl) { Path = path, Query = "" }.Uri;
    }

    /// <summary>
    /// <c>{base}/v1/responses</c>; a base that names the Chat endpoint has it taken off first, and a base ending in
    /// <c>/v1</c> (the OpenAI SDKs' form, <c>https://api.parallel.ai/v1</c>) gets only <c>/responses</c>.
    /// </summary>
    private static Uri ResponsesUrl(Uri baseUrl)
    {
        string path = CheckedBasePath(baseUrl);
        foreach (string chat in (ReadOnlySpan<string>)["/v1beta/chat/completions", "/chat/completions"])
        {
            if (path.EndsWith(chat, StringComparison.Ordinal))
            {
                path = path[..^chat.Length];
                break;
            }
        }

        path = path.EndsWith("/v1/responses", StringComparison.Ordinal) ? path
            : path.EndsWith("/v1", StringComparison.Ordinal) ? path + "/responses"
            : path + "/v1/responses";
        return new UriBuilder(baseUrl) { Path = path, Query = "" }.Uri;
    }

    /// <summary>The base URL's path without a trailing slash, once the URL is known to be safe to send the key to.</summary>
    private static string CheckedBasePath(Uri baseUrl)
    {
        // Said without echoing the URL: a base URL may carry a credential, and messages end up in logs.
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The base URL is not an absolute URL.", nameof(baseUrl));
        }

        if (baseUrl.UserInfo.Length > 0)
        {
            throw new ArgumentException("The base URL holds user info (user:password@): credentials go in ParallelChatClientOptions.ApiKey, never in the URL.", nameof(baseUrl));
        }

        bool https = baseUrl.Scheme == Uri.UriSchemeHttps;
        bool loopbackHttp = baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback;
        if (!https && !loopbackHttp)
        {
            throw new ArgumentException($"The base URL '{ParallelErrors.Origin(baseUrl)}' must use HTTPS (plain HTTP is allowed only for loopback addresses).", nameof(baseUrl));
        }

        return baseUrl.AbsolutePath.TrimEnd('/');
    }

    private static Uri? BaseUrlFromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable("PARALLEL_BASE_URL");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? url)
            ? url
            : throw new ArgumentException("PARALLEL_BASE_URL is not an absolute URL.");
    }
}
