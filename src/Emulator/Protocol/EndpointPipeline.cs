using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using StructuredChat.Emulator.Validation;

namespace StructuredChat.Emulator.Protocol;

/// <summary>A refusal an API writes in its own error shape: the status and the body.</summary>
internal sealed record Refusal(int Status, byte[] Body);

/// <summary>What differs between the emulated APIs; <see cref="EndpointPipeline"/> does the rest.</summary>
internal interface IEmulatedApi
{
    /// <summary>The body of a refusal the emulator decides before validation: 401, 413, 429, a bad fault header.</summary>
    byte[] ErrorBody(int status, string message);

    /// <summary>A body that is not JSON, or too deep to read: <paramref name="violation"/> says which.</summary>
    Refusal Unreadable(Violation violation);

    /// <summary>The API's request rules; <see langword="null"/> when the request is accepted.</summary>
    Refusal? Validate(EmulatorRequest request, JsonElement root);

    /// <summary>Writes the answer of an accepted request (a fault that is an error body has been written already).</summary>
    Task AnswerAsync(HttpContext context, ResponseSink sink, EmulatorRequest request, JsonElement root, ScriptedResponse? script, EmulatorFault? fault, CancellationToken cancellationToken);
}

/// <summary>
/// What every emulated endpoint does the same way, in this order: read the body (413 past 16 MiB), parse it (with
/// a "too deep" verdict apart from "not JSON"), log the request (the last N), auth (401), the rate limit per key
/// and endpoint (429), the <c>x-emulator-fault</c> header (400 that says why), validation (the API's own), a
/// scripted response, a fault that replaces the answer with an error body, and then the API's answer.
/// Everything is read and written by hand with System.Text.Json's reader/writer types.
/// </summary>
internal sealed class EndpointPipeline(ParallelEmulatorOptions options, string apiKey, Action<string>? log)
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>How deep a request body may nest to be read at all; deeper schemas break the depth rule many times over.</summary>
    private const int MaxParseDepth = 128;

    private readonly Queue<EmulatorRequest> _requests = new();
    private readonly CancellationTokenSource _shutdown = new();
    private int _requestCount;

    public ParallelEmulatorOptions Options => options;

    public TimeProvider Time => options.TimeProvider;

    public ScriptQueue Scripts { get; } = new();

    public int RequestCount => Volatile.Read(ref _requestCount);

    public IReadOnlyList<EmulatorRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Ends every request in flight (streams, delays, stalls) at once, so that disposing does not wait for them.</summary>
    public void Shutdown() => _shutdown.Cancel();

    /// <summary>A request handler for <paramref name="api"/>, with a rate limit of its own.</summary>
    public RequestDelegate Handler(IEmulatedApi api)
    {
        var rateLimiter = new RequestRateLimiter(options.RequestsPerMinute);
        return context => HandleAsync(context, api, rateLimiter);
    }

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, Time, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// A non-streaming answer: after <paramref name="wait"/> (plus a stall fault's length) the whole body at once; a
    /// malformed-chunk fault cuts it in half (a 200 whose JSON never ends).
    /// </summary>
    public async Task WriteBodyAsync(HttpContext context, ResponseSink sink, byte[] json, TimeSpan wait, EmulatorFault? fault, CancellationToken cancellationToken)
    {
        if (fault?.Kind == EmulatorFaultKind.Stall)
        {
            wait += fault.Duration;
        }

        await DelayAsync(wait, cancellationToken);
        if (fault?.Kind == EmulatorFaultKind.MalformedChunk)
        {
            json = json[..(json.Length / 2)];
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await sink.WriteAsync(json, cancellationToken);
        await sink.CompleteAsync(cancellationToken);
    }

    public static async Task<int> WriteErrorAsync(HttpContext context, int status, byte[] body, CancellationToken cancellationToken)
    {
        // Parallel sends no Retry-After or x-ratelimit-* headers, and neither does the emulator.
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, cancellationToken);
        return status;
    }

    private async Task HandleAsync(HttpContext context, IEmulatedApi api, RequestRateLimiter rateLimiter)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _shutdown.Token);
        var cancellationToken = linked.Token;
        try
        {
            var status = await HandleCoreAsync(context, api, rateLimiter, cancellationToken);
            log?.Invoke($"{context.Request.Method} {context.Request.Path} -> {status}");
        }
        catch (ConnectionDroppedException)
        {
            log?.Invoke($"{context.Request.Method} {context.Request.Path} -> connection dropped (fault)");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away, or the emulator is stopping: nothing left to answer.
            context.Abort();
        }
    }

    private async Task<int> HandleCoreAsync(HttpContext context, IEmulatedApi api, RequestRateLimiter rateLimiter, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, api.ErrorBody(StatusCodes.Status413PayloadTooLarge, "The request body is too large."), cancellationToken);
        }

        using var document = TryParse(body, out var tooDeep);
        var headers = context.Request.Headers;
        var bearer = BearerToken(headers.Authorization);
        var headerKey = headers["x-api-key"].ToString();
        var faultHeader = headers[EmulatorFault.HeaderName].ToString();
        var request = EmulatorRequest.Read(
            context.Request.Path.Value ?? "", Encoding.UTF8.GetString(body), document?.RootElement,
            sentBearerToken: bearer is not null, sentApiKeyHeader: headerKey.Length > 0,
            faultHeader: faultHeader.Length > 0 ? faultHeader : null, receivedAt: Time.GetUtcNow());
        Record(request);

        if (bearer != apiKey && headerKey != apiKey)
        {
            var message = bearer is null && headerKey.Length == 0
                ? "Missing API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'."
                : "Invalid API key.";
            return await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, api.ErrorBody(StatusCodes.Status401Unauthorized, message), cancellationToken);
        }

        if (!rateLimiter.TryAcquire(apiKey, request.ReceivedAt))
        {
            return await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests,
                api.ErrorBody(StatusCodes.Status429TooManyRequests, $"Rate limit exceeded: at most {rateLimiter.RequestsPerMinute} requests per minute per API key."), cancellationToken);
        }

        EmulatorFault? headerFault = null;
        if (request.FaultHeader is not null && !EmulatorFault.TryParse(request.FaultHeader, out headerFault, out var faultError))
        {
            return await WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                api.ErrorBody(StatusCodes.Status400BadRequest, $"Bad {EmulatorFault.HeaderName} value '{request.FaultHeader}': {faultError}."), cancellationToken);
        }

        if (document is null)
        {
            var unreadable = api.Unreadable(tooDeep > 0
                ? new Violation(Rules.MaxDepth, "$", $"The request body is too deep: it nests {tooDeep} levels of JSON and the emulator reads at most {MaxParseDepth} (a schema that deep is far beyond Parallel's {SchemaRules.MaxDepth} levels of objects and arrays).")
                : new Violation(Rules.Body, "$", "The request body is not valid JSON."));
            return await WriteErrorAsync(context, unreadable.Status, unreadable.Body, cancellationToken);
        }

        if (api.Validate(request, document.RootElement) is { } refusal)
        {
            return await WriteErrorAsync(context, refusal.Status, refusal.Body, cancellationToken);
        }

        var script = Scripts.Take(request);
        var fault = script?.Fault ?? headerFault;
        if (!request.Stream && fault?.Kind == EmulatorFaultKind.MidStreamError)
        {
            // Without a stream to break, a server error is a plain 500.
            fault = EmulatorFault.Status(StatusCodes.Status500InternalServerError);
        }

        var errorBody = fault?.Kind switch
        {
            EmulatorFaultKind.Status => ErrorBodies.Parallel(ErrorBodies.StatusMessage(fault.StatusCode)),
            EmulatorFaultKind.OpenAIErrorBody => ErrorBodies.OpenAI(fault.StatusCode),
            EmulatorFaultKind.FastApiDetailList => ErrorBodies.FastApiList(),
            EmulatorFaultKind.FastApiDetailString => ErrorBodies.FastApiString(),
            _ => null,
        };
        if (errorBody is not null)
        {
            return await WriteErrorAsync(context, fault!.StatusCode, errorBody, cancellationToken);
        }

        var sink = new ResponseSink(context, fault?.Kind == EmulatorFaultKind.DropConnection ? fault.ByteCount : null);
        await api.AnswerAsync(context, sink, request, document.RootElement, script, fault, cancellationToken);
        return StatusCodes.Status200OK;
    }

    private void Record(EmulatorRequest request)
    {
        Interlocked.Increment(ref _requestCount);
        lock (_requests)
        {
            // Only the last RequestLogCapacity requests are kept: a long-running emulator must not grow per request.
            _requests.Enqueue(request);
            while (_requests.Count > options.RequestLogCapacity)
            {
                _requests.Dequeue();
            }
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Parses the body; <paramref name="tooDeep"/> is its depth when it is valid JSON nested beyond <see cref="MaxParseDepth"/>, else 0.</summary>
    private static JsonDocument? TryParse(byte[] body, out int tooDeep)
    {
        tooDeep = 0;
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxParseDepth });
        }
        catch (JsonException)
        {
            tooDeep = DepthIfValid(body);
            return null;
        }
    }

    /// <summary>The nesting depth of <paramref name="body"/> if it is valid JSON at any depth, else 0: tells "too deep" from "not JSON".</summary>
    private static int DepthIfValid(byte[] body)
    {
        // The reader keeps depth in a bit stack, not in recursion: scanning a million levels costs memory for bits only.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = int.MaxValue });
        var deepest = 0;
        try
        {
            while (reader.Read())
            {
                deepest = Math.Max(deepest, reader.CurrentDepth + 1);
            }
        }
        catch (JsonException)
        {
            return 0;
        }

        return deepest > MaxParseDepth ? deepest : 0;
    }

    private static string? BearerToken(StringValues authorization)
    {
        var value = authorization.ToString();
        return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value["Bearer ".Length..].Trim() : null;
    }
}
