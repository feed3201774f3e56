using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using StructuredChat.Emulator.Synthesis;
using StructuredChat.Emulator.Validation;

namespace StructuredChat.Emulator.Protocol;

/// <summary>
/// <c>POST /chat/completions</c>: auth, rate limit, validation, then a scripted or synthesized answer, with the
/// fault (if any) applied. Everything is read and written by hand with System.Text.Json's reader/writer types.
/// </summary>
internal sealed class ChatEndpoint(ParallelEmulatorOptions options, string apiKey, Action<string>? log)
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>How deep a request body may nest to be read at all; deeper schemas break the depth rule many times over.</summary>
    private const int MaxParseDepth = 128;

    private static readonly byte[] DoneEvent = "data: [DONE]\n\n"u8.ToArray();

    private readonly TimeProvider _time = options.TimeProvider;
    private readonly RequestRateLimiter _rateLimiter = new(options.RequestsPerMinute);
    private readonly Queue<EmulatorRequest> _requests = new();
    private readonly CancellationTokenSource _shutdown = new();

    public ScriptQueue Scripts { get; } = new();

    private int _requestCount;

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

    public async Task HandleAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _shutdown.Token);
        var cancellationToken = linked.Token;
        try
        {
            var status = await HandleCoreAsync(context, cancellationToken);
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

    private async Task<int> HandleCoreAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorBodies.Parallel("The request body is too large."), cancellationToken);
        }

        using var document = TryParse(body, out var tooDeep);
        var headers = context.Request.Headers;
        var bearer = BearerToken(headers.Authorization);
        var headerKey = headers["x-api-key"].ToString();
        var faultHeader = headers[EmulatorFault.HeaderName].ToString();
        var request = EmulatorRequest.Read(
            context.Request.Path.Value ?? "", Encoding.UTF8.GetString(body), document?.RootElement,
            sentBearerToken: bearer is not null, sentApiKeyHeader: headerKey.Length > 0,
            faultHeader: faultHeader.Length > 0 ? faultHeader : null, receivedAt: _time.GetUtcNow());
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

        if (bearer != apiKey && headerKey != apiKey)
        {
            var message = bearer is null && headerKey.Length == 0
                ? "Missing API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'."
                : "Invalid API key.";
            return await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, ErrorBodies.Parallel(message), cancellationToken);
        }

        if (!_rateLimiter.TryAcquire(apiKey, request.ReceivedAt))
        {
            return await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests,
                ErrorBodies.Parallel($"Rate limit exceeded: at most {_rateLimiter.RequestsPerMinute} requests per minute per API key."), cancellationToken);
        }

        EmulatorFault? headerFault = null;
        if (request.FaultHeader is not null && !EmulatorFault.TryParse(request.FaultHeader, out headerFault, out var faultError))
        {
            return await WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                ErrorBodies.Parallel($"Bad {EmulatorFault.HeaderName} value '{request.FaultHeader}': {faultError}."), cancellationToken);
        }

        if (document is null)
        {
            var violation = tooDeep > 0
                ? new Violation(Rules.MaxDepth, "$", $"The request body is too deep: it nests {tooDeep} levels of JSON and the emulator reads at most {MaxParseDepth} (a schema that deep is far beyond Parallel's {SchemaRules.MaxDepth} levels of objects and arrays).")
                : new Violation(Rules.Body, "$", "The request body is not valid JSON.");
            return await WriteErrorAsync(context, StatusCodes.Status422UnprocessableEntity, ErrorBodies.Validation([violation]), cancellationToken);
        }

        var warnings = new List<string>();
        var violations = RequestValidator.Validate(document.RootElement, warnings);
        request.SchemaWarnings = warnings;
        if (violations.Count > 0)
        {
            return await WriteErrorAsync(context, StatusCodes.Status422UnprocessableEntity, ErrorBodies.Validation(violations), cancellationToken);
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

        var answer = Answer.Build(request, document.RootElement, script, fault, options);
        var sink = new ResponseSink(context, fault?.Kind == EmulatorFaultKind.DropConnection ? fault.ByteCount : null);
        if (request.Stream)
        {
            await WriteStreamAsync(context, sink, answer, fault, cancellationToken);
        }
        else
        {
            await WriteCompletionAsync(context, sink, answer, fault, cancellationToken);
        }

        return StatusCodes.Status200OK;
    }

    private async Task WriteCompletionAsync(HttpContext context, ResponseSink sink, Answer answer, EmulatorFault? fault, CancellationToken cancellationToken)
    {
        var wait = answer.FirstTokenDelay + (answer.ChunkDelay * Math.Max(0, answer.Chunks.Count - 1));
        if (fault?.Kind == EmulatorFaultKind.Stall)
        {
            wait += fault.Duration;
        }

        await DelayAsync(wait, cancellationToken);
        var json = Completion(
            isChunk: false, _time.GetUtcNow().ToUnixTimeSeconds(), answer.UseDeltaInNonStreamingBody ? "delta" : "message",
            withRole: true, answer.Content, options.FinishReason, answer);

        if (fault?.Kind == EmulatorFaultKind.MalformedChunk)
        {
            // Without chunks to spoil, the body itself is cut short: a 200 whose JSON never ends.
            json = json[..(json.Length / 2)];
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await sink.WriteAsync(json, cancellationToken);
        await sink.CompleteAsync(cancellationToken);
    }

    private async Task WriteStreamAsync(HttpContext context, ResponseSink sink, Answer answer, EmulatorFault? fault, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(cancellationToken);

        if (answer.SendKeepAlive)
        {
            await sink.WriteAsync(": keep-alive\n\n"u8.ToArray(), cancellationToken);
            await sink.WriteAsync("event: ping\ndata: {}\n\n"u8.ToArray(), cancellationToken);
            await sink.FlushAsync(cancellationToken);
        }

        // Chunks go out on a schedule (start + first-token delay + i * chunk delay) so timer slack does not add up.
        var start = _time.GetUtcNow();
        var faultAt = Math.Max(1, answer.Chunks.Count / 2);
        var created = start.ToUnixTimeSeconds();
        for (var i = 0; i < answer.Chunks.Count; i++)
        {
            if (i == faultAt)
            {
                if (fault?.Kind == EmulatorFaultKind.Stall)
                {
                    // The pause shifts the rest of the schedule: after it, chunks come at the usual pace again.
                    await DelayAsync(fault.Duration, cancellationToken);
                    start += fault.Duration;
                }
                else if (await WriteMidStreamFaultAsync(sink, fault, cancellationToken))
                {
                    return;
                }
            }

            await DelayAsync(start + answer.FirstTokenDelay + (answer.ChunkDelay * i) - _time.GetUtcNow(), cancellationToken);
            var isLast = i == answer.Chunks.Count - 1;
            var chunk = Completion(
                isChunk: true, created, "delta", withRole: i == 0, answer.Chunks[i],
                isLast ? options.FinishReason : null, isLast ? answer : null);
            await WriteEventAsync(sink, chunk, cancellationToken);
        }

        if (faultAt >= answer.Chunks.Count)
        {
            if (fault?.Kind == EmulatorFaultKind.Stall)
            {
                await DelayAsync(fault.Duration, cancellationToken);
            }
            else if (await WriteMidStreamFaultAsync(sink, fault, cancellationToken))
            {
                return;
            }
        }

        if (answer.SendDone)
        {
            await sink.WriteAsync(DoneEvent, cancellationToken);
            await sink.FlushAsync(cancellationToken);
        }

        await sink.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// A non-streaming body (<c>object</c> empty, as documented) or a stream chunk (<c>chat.completion.chunk</c>):
    /// one choice holding <paramref name="content"/>, then <c>basis</c> and <c>interaction_id</c> when
    /// <paramref name="basisAndInteraction"/> is given.
    /// </summary>
    private static byte[] Completion(bool isChunk, long created, string choiceKey, bool withRole, string content, string? finishReason, Answer? basisAndInteraction) =>
        Json.Bytes(writer =>
        {
            writer.WriteStartObject();
            if (isChunk)
            {
                writer.WriteString("type", "chat.completion.chunk");
            }

            writer.WriteString("id", "");
            writer.WriteString("object", isChunk ? "chat.completion.chunk" : "");
            writer.WriteNumber("created", created);
            writer.WriteString("model", "");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject(choiceKey);
            if (withRole)
            {
                writer.WriteString("role", "assistant");
            }

            writer.WriteString("content", content);
            writer.WriteEndObject();
            writer.WriteString("finish_reason", finishReason);
            writer.WriteEndObject();
            writer.WriteEndArray();
            basisAndInteraction?.WriteBasisAndInteraction(writer);
            writer.WriteEndObject();
        });

    /// <returns>Whether the stream ends here.</returns>
    private async Task<bool> WriteMidStreamFaultAsync(ResponseSink sink, EmulatorFault? fault, CancellationToken cancellationToken)
    {
        switch (fault?.Kind)
        {
            case EmulatorFaultKind.MalformedChunk:
                await WriteEventAsync(sink, "{\"type\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tru"u8.ToArray(), cancellationToken);
                return false;
            case EmulatorFaultKind.MidStreamError:
                await WriteEventAsync(sink, ErrorBodies.Parallel("Internal error while generating the answer; the stream was aborted."), cancellationToken);
                await sink.CompleteAsync(cancellationToken);
                return true;
            default:
                return false;
        }
    }

    private static async Task WriteEventAsync(ResponseSink sink, byte[] payload, CancellationToken cancellationToken)
    {
        var frame = new byte[6 + payload.Length + 2];
        "data: "u8.CopyTo(frame);
        payload.CopyTo(frame, 6);
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        await sink.WriteAsync(frame, cancellationToken);
        await sink.FlushAsync(cancellationToken);
    }

    private static async Task<int> WriteErrorAsync(HttpContext context, int status, byte[] body, CancellationToken cancellationToken)
    {
        // Parallel sends no Retry-After or x-ratelimit-* headers, and neither does the emulator.
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, cancellationToken);
        return status;
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, _time, cancellationToken) : Task.CompletedTask;

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
