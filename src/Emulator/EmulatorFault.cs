using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace StructuredChat.Emulator;

/// <summary>The kinds of fault the emulator can inject.</summary>
public enum EmulatorFaultKind
{
    /// <summary>An HTTP error status (408, 429, 500, 502, 503 or any other 4xx/5xx) with Parallel's error body and no <c>Retry-After</c>.</summary>
    Status,

    /// <summary>An HTTP error status with OpenAI's body: <c>{"error":{"message":...,"type":...,"param":null,"code":...}}</c>.</summary>
    OpenAIErrorBody,

    /// <summary>422 with FastAPI's list body: <c>{"detail":[{"loc":[...],"msg":...,"type":...}]}</c>.</summary>
    FastApiDetailList,

    /// <summary>422 with FastAPI's string body: <c>{"detail":"..."}</c>.</summary>
    FastApiDetailString,

    /// <summary>The connection is aborted after <see cref="EmulatorFault.ByteCount"/> bytes of the response body.</summary>
    DropConnection,

    /// <summary>The stream stops for <see cref="EmulatorFault.Duration"/> halfway through, then goes on (a non-streaming body waits before it is written).</summary>
    Stall,

    /// <summary>A <c>data:</c> event whose payload is truncated, invalid JSON, inserted halfway through the stream; the stream then goes on. A non-streaming body is cut in half instead (status 200, invalid JSON).</summary>
    MalformedChunk,

    /// <summary>A <c>data: {"type":"error","error":{...}}</c> event halfway through the stream, after which the stream ends. A non-streaming request gets a 500 with Parallel's error body instead.</summary>
    MidStreamError,

    /// <summary>The answer is a prose paragraph even though JSON was asked for (as <c>speed</c> may do).</summary>
    ProseInsteadOfJson,

    /// <summary>The JSON answer wrapped in a <c>```json</c> Markdown fence.</summary>
    JsonInMarkdownFence,

    /// <summary>A sentence of prose, then the JSON answer.</summary>
    ProseBeforeJson,
}

/// <summary>
/// A fault for one request, chosen by a <see cref="ScriptedResponse.Fault"/> or by the request header
/// <c>x-emulator-fault</c> (<see cref="HeaderName"/>), whose value is one of:
/// <list type="table">
/// <item><term><c>408</c>, <c>429</c>, <c>500</c>, <c>502</c>, <c>503</c> (any status 400-599)</term><description>that status with Parallel's error body <c>{"type":"error","error":{"ref_id","message","detail":null}}</c>, no <c>Retry-After</c></description></item>
/// <item><term><c>openai-error</c> or <c>openai-error=STATUS</c></term><description>OpenAI's error body, status 500 unless given</description></item>
/// <item><term><c>fastapi-detail</c> or <c>fastapi-detail=list</c> / <c>fastapi-detail=string</c></term><description>422 with FastAPI's <c>detail</c> body (a list by default)</description></item>
/// <item><term><c>drop=N</c></term><description>the connection is aborted after N bytes of the response body</description></item>
/// <item><term><c>stall=SECONDS</c></term><description>the stream pauses SECONDS (decimal, e.g. <c>2.5</c>) halfway, timed by the emulator's <see cref="TimeProvider"/></description></item>
/// <item><term><c>malformed-chunk</c></term><description>an invalid JSON <c>data:</c> event halfway through the stream (non-streaming: the body cut in half)</description></item>
/// <item><term><c>stream-error</c></term><description>a <c>data:</c> event with an <c>error</c> object halfway, then the end of the stream (non-streaming: a 500)</description></item>
/// <item><term><c>prose</c></term><description>prose instead of JSON</description></item>
/// <item><term><c>fenced-json</c></term><description>the JSON answer in a Markdown code fence</description></item>
/// <item><term><c>prose-before-json</c></term><description>a sentence, then the JSON answer</description></item>
/// </list>
/// Names are case-insensitive. An unknown or out-of-range value (a status outside 400-599, a stall longer than
/// <see cref="MaxStall"/>, a value that is not a number) gets a 400 whose message says why. A scripted fault wins over the header.
/// </summary>
public sealed class EmulatorFault
{
    /// <summary>The request header that selects a fault: <c>x-emulator-fault</c>.</summary>
    public const string HeaderName = "x-emulator-fault";

    private EmulatorFault(EmulatorFaultKind kind, int statusCode = 0, long byteCount = 0, TimeSpan duration = default)
    {
        Kind = kind;
        StatusCode = statusCode;
        ByteCount = byteCount;
        Duration = duration;
    }

    /// <summary>What goes wrong.</summary>
    public EmulatorFaultKind Kind { get; }

    /// <summary>The HTTP status of <see cref="EmulatorFaultKind.Status"/>, <see cref="EmulatorFaultKind.OpenAIErrorBody"/> and the FastAPI kinds; 0 otherwise.</summary>
    public int StatusCode { get; }

    /// <summary>The bytes of body sent before <see cref="EmulatorFaultKind.DropConnection"/>.</summary>
    public long ByteCount { get; }

    /// <summary>The length of a <see cref="EmulatorFaultKind.Stall"/>.</summary>
    public TimeSpan Duration { get; }

    /// <summary>An error status with Parallel's error body.</summary>
    /// <param name="statusCode">400 to 599, typically 408, 429, 500, 502 or 503.</param>
    public static EmulatorFault Status(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new(EmulatorFaultKind.Status, statusCode);
    }

    /// <summary>An error status with OpenAI's error body.</summary>
    /// <param name="statusCode">400 to 599.</param>
    public static EmulatorFault OpenAIErrorBody(int statusCode = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new(EmulatorFaultKind.OpenAIErrorBody, statusCode);
    }

    /// <summary>422 with FastAPI's <c>{"detail":[...]}</c> body.</summary>
    public static EmulatorFault FastApiDetailList { get; } = new(EmulatorFaultKind.FastApiDetailList, 422);

    /// <summary>422 with FastAPI's <c>{"detail":"..."}</c> body.</summary>
    public static EmulatorFault FastApiDetailString { get; } = new(EmulatorFaultKind.FastApiDetailString, 422);

    /// <summary>The connection is aborted after <paramref name="bytes"/> bytes of the response body.</summary>
    public static EmulatorFault DropConnectionAfter(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new(EmulatorFaultKind.DropConnection, byteCount: bytes);
    }

    /// <summary>The longest <see cref="Stall(TimeSpan)"/>: one hour, longer than any client timeout worth testing.</summary>
    public static TimeSpan MaxStall { get; } = TimeSpan.FromHours(1);

    /// <summary>The stream pauses for <paramref name="duration"/> halfway through.</summary>
    /// <param name="duration">From zero to <see cref="MaxStall"/>.</param>
    public static EmulatorFault Stall(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(duration, MaxStall);
        return new(EmulatorFaultKind.Stall, duration: duration);
    }

    /// <summary>An invalid JSON <c>data:</c> event halfway through the stream.</summary>
    public static EmulatorFault MalformedChunk { get; } = new(EmulatorFaultKind.MalformedChunk);

    /// <summary>An <c>error</c> event halfway through the stream, which then ends.</summary>
    public static EmulatorFault MidStreamError { get; } = new(EmulatorFaultKind.MidStreamError);

    /// <summary>Prose instead of the JSON that was asked for.</summary>
    public static EmulatorFault ProseInsteadOfJson { get; } = new(EmulatorFaultKind.ProseInsteadOfJson);

    /// <summary>The JSON answer inside a Markdown code fence.</summary>
    public static EmulatorFault JsonInMarkdownFence { get; } = new(EmulatorFaultKind.JsonInMarkdownFence);

    /// <summary>A sentence of prose, then the JSON answer.</summary>
    public static EmulatorFault ProseBeforeJson { get; } = new(EmulatorFaultKind.ProseBeforeJson);

    /// <summary>Reads a fault from the <c>x-emulator-fault</c> header format described on <see cref="EmulatorFault"/>.</summary>
    /// <returns><see langword="false"/> when <paramref name="value"/> is not a known fault.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out EmulatorFault? fault) => TryParse(value, out fault, out _);

    /// <summary>As <see cref="TryParse(string?, out EmulatorFault?)"/>, with the reason a value is refused.</summary>
    internal static bool TryParse(string? value, [NotNullWhen(true)] out EmulatorFault? fault, out string error)
    {
        fault = null;
        error = "";
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "the value is empty";
            return false;
        }

        var text = value.Trim();
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var name = (equals < 0 ? text : text[..equals]).Trim().ToLowerInvariant();
        var argument = equals < 0 ? null : text[(equals + 1)..].Trim();

        if (argument is null && name.Length > 0 && name.All(char.IsAsciiDigit))
        {
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 400 and <= 599)
            {
                fault = Status(status);
                return true;
            }

            error = $"a status fault must be an HTTP error status from 400 to 599, not {name}";
            return false;
        }

        (fault, error) = (name, argument) switch
        {
            ("openai-error", null) => (OpenAIErrorBody(), ""),
            ("openai-error", _) => int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 400 and <= 599
                ? (OpenAIErrorBody(s), "")
                : (null, $"openai-error takes an HTTP error status from 400 to 599, not '{argument}'"),
            ("fastapi-detail", null or "list") => (FastApiDetailList, ""),
            ("fastapi-detail", "string") => (FastApiDetailString, ""),
            ("fastapi-detail", _) => (null, $"fastapi-detail takes 'list' or 'string', not '{argument}'"),
            ("drop", null) => (null, "drop needs a byte count, e.g. drop=120"),
            ("drop", _) => long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? (DropConnectionAfter(n), "")
                : (null, $"drop takes a whole number of bytes from 0 to {long.MaxValue}, not '{argument}'"),
            ("stall", null) => (null, "stall needs a duration in seconds, e.g. stall=2.5"),
            ("stall", _) => ParseStall(argument),
            ("malformed-chunk" or "stream-error" or "prose" or "fenced-json" or "prose-before-json", not null) => (null, $"{name} takes no value"),
            ("malformed-chunk", null) => (MalformedChunk, ""),
            ("stream-error", null) => (MidStreamError, ""),
            ("prose", null) => (ProseInsteadOfJson, ""),
            ("fenced-json", null) => (JsonInMarkdownFence, ""),
            ("prose-before-json", null) => (ProseBeforeJson, ""),
            _ => (null, $"'{name}' is not a fault; use a status (400-599), openai-error, fastapi-detail, drop=N, stall=SECONDS, malformed-chunk, stream-error, prose, fenced-json or prose-before-json"),
        };
        return fault is not null;
    }

    private static (EmulatorFault? Fault, string Error) ParseStall(string argument)
    {
        // Finite, non-negative and at most MaxStall: "Infinity", "NaN" and 1e11 seconds are refused, not overflowed.
        if (!double.TryParse(argument, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds))
        {
            return (null, $"stall takes a duration in seconds (digits and an optional decimal point), not '{argument}'");
        }

        return seconds > MaxStall.TotalSeconds
            ? (null, $"stall may last at most {MaxStall.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds, not {argument}")
            : (Stall(TimeSpan.FromSeconds(seconds)), "");
    }

    /// <summary>The fault in the header format, e.g. <c>503</c>, <c>drop=120</c>, <c>stall=2.5</c>.</summary>
    public override string ToString() => Kind switch
    {
        EmulatorFaultKind.Status => StatusCode.ToString(CultureInfo.InvariantCulture),
        EmulatorFaultKind.OpenAIErrorBody => "openai-error=" + StatusCode.ToString(CultureInfo.InvariantCulture),
        EmulatorFaultKind.FastApiDetailList => "fastapi-detail=list",
        EmulatorFaultKind.FastApiDetailString => "fastapi-detail=string",
        EmulatorFaultKind.DropConnection => "drop=" + ByteCount.ToString(CultureInfo.InvariantCulture),
        EmulatorFaultKind.Stall => "stall=" + Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        EmulatorFaultKind.MalformedChunk => "malformed-chunk",
        EmulatorFaultKind.MidStreamError => "stream-error",
        EmulatorFaultKind.ProseInsteadOfJson => "prose",
        EmulatorFaultKind.JsonInMarkdownFence => "fenced-json",
        _ => "prose-before-json",
    };
}
