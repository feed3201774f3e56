using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StructuredChat;

/// <summary>
/// The telemetry of one call (see <see cref="ParallelTelemetry"/>): a client span started when the call starts and
/// ended when it ends (success, failure, or the caller stopping early), and the call's metrics. Content (prompt and
/// answer) is added only when the client's options allow it.
/// </summary>
internal sealed class CallTelemetry : IDisposable
{
    private readonly Activity? _activity;
    private readonly TagList _tags;
    private readonly long _started;
    private readonly bool _stream;
    private readonly bool _recordContent;
    private readonly KeyRedactor _redactor;
    private bool _firstChunkSeen;
    private bool _ended;

    private CallTelemetry(ApiCall call, bool recordContent, KeyRedactor redactor)
    {
        _redactor = redactor;
        _stream = call.Stream;
        _recordContent = recordContent;
        _started = Stopwatch.GetTimestamp();
        Uri url = call.Endpoint.Url;
        _tags = new TagList
        {
            { "gen_ai.operation.name", "chat" },
            { "gen_ai.provider.name", "parallel" },
            { "gen_ai.request.model", call.Model.Name },
            { "server.address", url.Host },
            { "server.port", url.Port },
        };

        _activity = ParallelTelemetry.Source.StartActivity("chat " + call.Model.Name, ActivityKind.Client);
        if (_activity is { IsAllDataRequested: true } activity)
        {
            foreach (KeyValuePair<string, object?> tag in _tags)
            {
                activity.SetTag(tag.Key, tag.Value);
            }

            activity.SetTag("gen_ai.output.type", call.OutputType);
            if (recordContent && call.Request is { } request)
            {
                activity.SetTag("gen_ai.input.messages", _redactor.Redact(InputMessages(request)));
            }
        }
    }

    /// <summary>Starts the telemetry of <paramref name="call"/>; recorded content goes through <paramref name="redactor"/> (a prompt may quote the key).</summary>
    public static CallTelemetry Start(ApiCall call, ParallelChatClientOptions options, KeyRedactor redactor) =>
        new(call, options.EnableSensitiveTelemetryData, redactor);

    /// <summary>The first content of a streamed answer has arrived.</summary>
    public void FirstChunk()
    {
        if (_firstChunkSeen || !_stream)
        {
            return;
        }

        _firstChunkSeen = true;
        double seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        ParallelTelemetry.TimeToFirstChunk.Record(seconds, _tags);
        _activity?.SetTag("gen_ai.response.time_to_first_chunk", seconds);
    }

    /// <summary>A try failed with a transient error and the call waits <paramref name="delay"/> before the next.</summary>
    public void Retrying(int failedTries, string reason, TimeSpan delay) =>
        _activity?.AddEvent(new ActivityEvent("structuredchat.retry", tags: new ActivityTagsCollection
        {
            ["structuredchat.retry.attempt"] = failedTries,
            ["structuredchat.retry.reason"] = reason,
            ["structuredchat.retry.delay_ms"] = (long)delay.TotalMilliseconds,
        }));

    /// <summary>Whether the output is recorded on the span (the caller then passes it to <see cref="Succeeded"/>).</summary>
    public bool RecordsContent => _activity is not null && _recordContent;

    /// <summary>The call ended with an answer (its text only when <see cref="RecordsContent"/>; made for nothing otherwise).</summary>
    public void Succeeded(string? responseId, string? answerText, ParallelUsage? usage = null)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        if (_activity is not null)
        {
            if (responseId is not null)
            {
                _activity.SetTag("gen_ai.response.id", responseId);
            }

            if (_recordContent && answerText is not null)
            {
                _activity.SetTag("gen_ai.output.messages", _redactor.Redact(OutputMessages(answerText)));
            }

            if (usage is not null)
            {
                _activity.SetTag("gen_ai.usage.input_tokens", usage.InputTokens);
                _activity.SetTag("gen_ai.usage.output_tokens", usage.OutputTokens);
            }
        }

        if (usage is not null)
        {
            TagList input = _tags;
            input.Add("gen_ai.token.type", "input");
            ParallelTelemetry.TokenUsage.Record(usage.InputTokens, input);
            TagList output = _tags;
            output.Add("gen_ai.token.type", "output");
            ParallelTelemetry.TokenUsage.Record(usage.OutputTokens, output);
        }

        ParallelTelemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, _tags);
    }

    /// <summary>The call ended with <paramref name="failure"/> (already free of the key).</summary>
    public void Failed(Exception failure)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        string errorType = ErrorType(failure);
        if (_activity is not null)
        {
            _activity.SetTag("error.type", errorType);
            _activity.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
        }

        TagList tags = _tags;
        tags.Add("error.type", errorType);
        ParallelTelemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
    }

    /// <summary>Ends the span; a call that neither succeeded nor failed was stopped by its caller.</summary>
    public void Dispose()
    {
        if (!_ended)
        {
            Failed(new OperationCanceledException());
        }

        _activity?.Dispose();
    }

    // The conventions' error.type: the HTTP status code when the API answered with one, else the exception's type.
    private static string ErrorType(Exception failure) => failure switch
    {
        ParallelException { StatusCode: { } status } => status.ToString(CultureInfo.InvariantCulture),
        _ => failure.GetType().FullName ?? failure.GetType().Name,
    };

    // gen_ai.input.messages: [{"role":"user","parts":[{"type":"text","content":"..."}]}], as the conventions shape it.
    private static string InputMessages(ParallelChatRequest request)
    {
        var json = new StringBuilder("[");
        foreach (ParallelChatMessage message in request.Messages)
        {
            if (json.Length > 1)
            {
                json.Append(',');
            }

            json.Append("{\"role\":").Append(Quote(message.Role.ToString().ToLowerInvariant()))
                .Append(",\"parts\":[{\"type\":\"text\",\"content\":").Append(Quote(message.Content)).Append("}]}");
        }

        return json.Append(']').ToString();
    }

    private static string OutputMessages(string answer) =>
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":" + Quote(answer) + "}]}]";

    private static string Quote(string text) =>
        "\"" + JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value + "\"";
}
