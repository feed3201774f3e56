using System.Runtime.CompilerServices;
using System.Text;

namespace StructuredChat;

/// <summary>
/// A client of Parallel's Chat API: typed (<c>AskAsync&lt;T&gt;</c>, <c>StreamAsync&lt;T&gt;</c>) and text answers, with
/// their research basis. Thread-safe; make one and reuse it.
/// </summary>
public sealed partial class ParallelChatClient : IDisposable
{
    private readonly ChatTransport _transport;

    /// <summary>Creates a client from the environment (<c>PARALLEL_API_KEY</c>, <c>PARALLEL_BASE_URL</c>) and the defaults.</summary>
    public ParallelChatClient()
        : this(new ParallelChatClientOptions())
    {
    }

    /// <summary>Creates a client.</summary>
    /// <param name="options">The settings; unset ones come from the environment and the defaults.</param>
    /// <exception cref="ArgumentException">No API key is set, or the base URL is not HTTPS (nor loopback).</exception>
    public ParallelChatClient(ParallelChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? apiKey = options.ApiKey ?? Environment.GetEnvironmentVariable("PARALLEL_API_KEY");
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException("No Parallel API key: set ParallelChatClientOptions.ApiKey or the PARALLEL_API_KEY environment variable.", nameof(options));
        }

        Uri baseUrl = options.BaseUrl ?? BaseUrlFromEnvironment() ?? ParallelChatClientOptions.DefaultBaseUrl;
        _transport = new ChatTransport(options, apiKey.Trim(), ChatCompletionsEndpoint(baseUrl));
    }

    /// <summary>The URL requests are posted to (<c>{base}/chat/completions</c>).</summary>
    public Uri Endpoint => _transport.Endpoint;

    internal ChatTransport Transport => _transport;

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
        PooledBufferWriter body = WriteBody(request, model, stream: false, AnswerFormat.Text, null, default);
        return AskCoreAsync<ParallelTextResponse>(body, model, new TextAnswer(), cancellationToken);
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
        PooledBufferWriter body = WriteBody(request, model, stream: true, AnswerFormat.Text, null, default);
        return StreamCoreAsync<ParallelTextStreamUpdate>(body, model, new TextAnswer(), cancellationToken);
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

    private static PooledBufferWriter WriteBody(ParallelChatRequest request, ParallelModel model, bool stream, AnswerFormat format, string? schemaName, ReadOnlySpan<byte> schema)
    {
        var body = new PooledBufferWriter();
        try
        {
            ChatRequestWriter.Write(body, request, model, stream, format, schemaName, schema);
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>Sends a non-streaming request (retrying transient failures) and reads its answer; owns <paramref name="body"/>.</summary>
    private async Task<TResult> AskCoreAsync<TResult>(PooledBufferWriter body, ParallelModel model, IAnswer<TResult> answer, CancellationToken cancellationToken)
    {
        using PooledBufferWriter ownedBody = body;
        return await _transport.SendAsync(
            body.WrittenMemory,
            stream: false,
            model,
            new RetryBudget(_transport.Options, _transport.Logger),
            keepResponse: false,
            (response, timeout, token) =>
            {
                answer.Reset();
                return ReadWholeAnswerAsync(response, timeout, answer, token);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a non-streaming answer (<c>message</c> or <c>delta</c> on choice 0); a server that streams anyway is read
    /// as a stream.
    /// </summary>
    private async Task<TResult> ReadWholeAnswerAsync<TResult>(HttpResponseMessage response, CallTimeout timeout, IAnswer<TResult> answer, CancellationToken cancellationToken)
    {
        timeout.AnswerStarted();
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            ChatEventStream events = await ChatEventStream.OpenAsync(response, timeout, _transport.ApiKey, cancellationToken).ConfigureAwait(false);
            await using (events.ConfigureAwait(false))
            {
                while (await events.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    answer.Append(events.Envelope.Content, out _);
                }

                return answer.Finish(events.Envelope, out _);
            }
        }

        byte[] bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        using var envelope = new ChatEnvelopeReader();
        EnvelopeKind kind;
        try
        {
            kind = envelope.Read(bytes);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new ParallelResponseFormatException(
                "The Parallel API's response is not a chat completion: " + e.Message,
                "",
                ParallelErrors.Redact(Encoding.UTF8.GetString(bytes), _transport.ApiKey)!,
                e);
        }

        if (kind == EnvelopeKind.Error)
        {
            throw ParallelErrors.FromStreamEvent(bytes, _transport.ApiKey);
        }

        answer.Append(envelope.Content, out _);
        return answer.Finish(envelope, out _);
    }

    /// <summary>
    /// The streaming loop shared by text and typed answers: retries transient failures until the first update has
    /// been handed to the caller, and never after.
    /// </summary>
    private async IAsyncEnumerable<TUpdate> StreamCoreAsync<TUpdate>(
        PooledBufferWriter body,
        ParallelModel model,
        IAnswer<TUpdate> answer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using PooledBufferWriter ownedBody = body;
        var retries = new RetryBudget(_transport.Options, _transport.Logger);
        bool handedToCaller = false;
        while (true)
        {
            ChatEventStream events = await _transport.SendAsync(
                body.WrittenMemory,
                stream: true,
                model,
                retries,
                keepResponse: true,
                (response, timeout, token) => ChatEventStream.OpenAsync(response, timeout, _transport.ApiKey, token),
                cancellationToken).ConfigureAwait(false);
            answer.Reset();
            bool retry = false;
            await using (events.ConfigureAwait(false))
            {
                while (true)
                {
                    bool more;
                    Exception? failure = null;
                    try
                    {
                        more = await events.ReadAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                    {
                        more = false;
                        failure = e;
                    }

                    if (failure is not null)
                    {
                        if (!handedToCaller && await retries.TryWaitAsync(failure, null, cancellationToken).ConfigureAwait(false))
                        {
                            retry = true;
                            break;
                        }

                        throw _transport.Final(failure, answer.RawText);
                    }

                    if (!more)
                    {
                        break;
                    }

                    if (answer.Append(events.Envelope.Content, out TUpdate? update))
                    {
                        handedToCaller = true;
                        yield return update!;
                    }
                }

                if (!retry)
                {
                    TUpdate last = answer.Finish(events.Envelope, out bool hasLast);
                    if (hasLast)
                    {
                        yield return last;
                    }

                    yield break;
                }
            }
        }
    }

    private static Uri ChatCompletionsEndpoint(Uri baseUrl)
    {
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"The base URL '{baseUrl}' is not absolute.", nameof(baseUrl));
        }

        bool https = baseUrl.Scheme == Uri.UriSchemeHttps;
        bool loopbackHttp = baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback;
        if (!https && !loopbackHttp)
        {
            throw new ArgumentException($"The base URL '{baseUrl.GetLeftPart(UriPartial.Authority)}' must use HTTPS (plain HTTP is allowed only for loopback addresses).", nameof(baseUrl));
        }

        string path = baseUrl.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            path += "/chat/completions";
        }

        return new UriBuilder(baseUrl) { Path = path, Query = "" }.Uri;
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
            : throw new ArgumentException($"PARALLEL_BASE_URL '{text}' is not an absolute URL.");
    }
}
