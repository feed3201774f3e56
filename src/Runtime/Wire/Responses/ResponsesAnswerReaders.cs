using System.Buffers;
using System.Text;
using System.Text.Json;

namespace StructuredChat;

/// <summary>The Responses API's <c>{base}/v1/responses</c>: a whole response object, or its events as server-sent events.</summary>
internal sealed class ResponsesEndpoint(Uri url) : IApiEndpoint
{
    public Uri Url { get; } = url;

    /// <summary>A server that streams although asked not to is read as a stream, and the other way round.</summary>
    public IAnswerEvents Open(HttpResponseMessage response, AnswerReadContext context) =>
        response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? new ResponsesEventReader(response, context)
            : new ResponsesBodyReader(response, context);
}

/// <summary>What both ways of reading a Responses API answer share: the typed errors of a final response object.</summary>
internal abstract class ResponsesAnswerReader(HttpResponseMessage response, AnswerReadContext context) : IAnswerEvents
{
    protected HttpResponseMessage Response => response;

    protected AnswerReadContext Context => context;

    public abstract bool IsEventStream { get; }

    public abstract ReadOnlySpan<byte> Content { get; }

    public AnswerTrailer Trailer { get; protected set; } = new(null, [], null, false);

    public abstract ValueTask<bool> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Checks a final response object: <c>failed</c> (or an <c>error</c>) and <c>incomplete</c> are typed errors;
    /// otherwise it becomes the trailer.
    /// </summary>
    /// <param name="final">The response object.</param>
    /// <param name="raw">Its JSON as received, kept in the error.</param>
    /// <param name="textSoFar">The answer text received, kept in an incomplete answer's error.</param>
    protected void Conclude(ResponseObject final, ReadOnlySpan<byte> raw, string textSoFar)
    {
        KeyRedactor redactor = context.Redactor;
        if (final.Status == "failed" || final.HasError)
        {
            string said = final.ErrorMessage is { Length: > 0 } message ? ": " + message : "";
            var error = new ParallelErrorDetails(null, final.ErrorMessage, final.Id, null, final.ErrorCode, null, null, [], Encoding.UTF8.GetString(raw));
            throw new ParallelServerException(redactor.Redact($"The Parallel API reported the response as failed{said}")!, redactor.Redact(error));
        }

        if (final.Status == "incomplete")
        {
            string reason = final.IncompleteReason is { } why ? $" (reason: {why})" : "";
            throw new ParallelIncompleteResponseException(
                redactor.Redact($"The Parallel API ended the response as incomplete{reason}; the text received is in PartialAnswer.")!,
                redactor.Redact(final.IncompleteReason),
                redactor.Redact(textSoFar));
        }

        ParallelResponsesDetails details = final.ToDetails();
        Trailer = new AnswerTrailer(final.Refusal, TextBasis(details), final.Id, false, details);
    }

    /// <summary>The basis of a text answer: its citations, on the <c>output</c> field, without reasoning or confidence.</summary>
    private static IReadOnlyList<FieldBasis> TextBasis(ParallelResponsesDetails details) =>
        details.Citations.Count == 0
            ? []
            : [new FieldBasis("output", null, [.. details.Citations.Select(c => new Citation(c.Url, c.Title, []))], null)];

    /// <summary>The typed error of JSON that is not what the Responses API sends.</summary>
    protected ParallelResponseFormatException NotAResponse(string what, ReadOnlySpan<byte> utf8, Exception? inner) =>
        new($"The Parallel API's {what}", "", context.Redactor.Redact(Encoding.UTF8.GetString(utf8))!, inner);

    public virtual ValueTask DisposeAsync()
    {
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Reads a whole (non-streamed) Responses API body: the output text is the single piece of the answer.</summary>
internal sealed class ResponsesBodyReader(HttpResponseMessage response, AnswerReadContext context) : ResponsesAnswerReader(response, context)
{
    private byte[] _content = [];
    private bool _read;

    public override bool IsEventStream => false;

    public override ReadOnlySpan<byte> Content => _content;

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (_read)
        {
            return false;
        }

        _read = true;
        using PooledBufferWriter body = new();
        await BoundedBody.ReadAnswerAsync(Response.Content, body, Context, cancellationToken).ConfigureAwait(false);

        ResponseObject final;
        try
        {
            using JsonDocument document = JsonDocument.Parse(body.WrittenMemory);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out JsonElement error)
                && error.ValueKind == JsonValueKind.Object && !document.RootElement.TryGetProperty("output", out _))
            {
                throw ParallelErrors.FromStreamEvent(body.WrittenSpan, Context.Redactor);
            }

            final = ResponseObject.Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw NotAResponse($"response is not a Responses API response object: {e.Message}", body.WrittenSpan, e);
        }

        Conclude(final, body.WrittenSpan, final.OutputText);
        if (!final.HasMessage)
        {
            throw NotAResponse("response has no message item in its output, so no answer.", body.WrittenSpan, null);
        }

        _content = Encoding.UTF8.GetBytes(final.OutputText);
        return _content.Length > 0;
    }
}

/// <summary>
/// Reads a streamed Responses API answer: events typed by their JSON <c>type</c>, with state per message part
/// (<c>item_id</c> or <c>output_index</c>, and <c>content_index</c>), since item lifetimes overlap. The text of the
/// first part goes out as its deltas arrive (whatever their size: one per token, or the whole answer at once); a
/// part that starts while another is still open is held back and goes out when the earlier one is done, so the text
/// handed out is always the output text in order. <c>response.completed</c> is the truth: text it has beyond what was
/// streamed goes out then, text that disagrees with it is an error, and its citations, search trail and usage make
/// the trailer. <c>response.failed</c>, <c>response.incomplete</c>, an <c>error</c> event, and the end of the stream
/// (or <c>[DONE]</c>) before a terminal event are errors; comments, keep-alives and unknown events are skipped.
/// </summary>
internal sealed class ResponsesEventReader(HttpResponseMessage response, AnswerReadContext context) : ResponsesAnswerReader(response, context)
{
    private static readonly byte[] DeltaEventName = "response.output_text.delta"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _piece = new();
    private readonly ArrayBufferWriter<byte> _delta = new();
    private readonly List<TextPart> _parts = [];
    private SseReader? _events;
    private string? _lastItemId;
    private int _current = -1;
    private bool _finished;

    public override bool IsEventStream => true;

    public override ReadOnlySpan<byte> Content => _piece.WrittenSpan;

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        _piece.ResetWrittenCount();
        if (_finished)
        {
            return false;
        }

        if (_events is null)
        {
            Stream body = await Response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            _events = new SseReader(body, Context.Limits.MaxEventBytes, Context.AnswerProgress, DeltaEventName);
        }

        while (await _events.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ReadOnlySpan<byte> data = _events.Data.Trim(" \t\r\n"u8);
            if (data.IsEmpty)
            {
                continue;
            }

            if (data.SequenceEqual("[DONE]"u8))
            {
                break;
            }

            Apply(data);
            if (_finished || _piece.WrittenCount > 0)
            {
                return _piece.WrittenCount > 0;
            }
        }

        throw new IOException("The event stream ended before its terminal event (response.completed, response.failed or response.incomplete).");
    }

    public override ValueTask DisposeAsync()
    {
        _events?.Dispose();
        return base.DisposeAsync();
    }

    /// <summary>Applies one event; what it adds to the answer's text goes into <see cref="_piece"/>.</summary>
    private void Apply(ReadOnlySpan<byte> data)
    {
        EventHead head;
        try
        {
            head = ReadHead(data);
        }
        catch (JsonException e)
        {
            throw NotAResponse($"stream event is not valid JSON: {e.Message}", data, e);
        }

        switch (head.Kind)
        {
            case EventKind.TextDelta:
                Append(PartOf(head), _delta.WrittenSpan);
                return;
            case EventKind.Untyped when head.HasError:
                throw ParallelErrors.FromStreamEvent(data, Context.Redactor);
            case EventKind.Untyped or EventKind.Other:
                // response.created, in_progress, output_item.added, content_part.added, annotation.added,
                // web_search_call.*, mcp_*: response.completed carries all of it, and unknown events are skipped.
                return;
        }

        using JsonDocument document = ParseWhole(data);
        JsonElement root = document.RootElement;
        switch (head.Kind)
        {
            case EventKind.Error:
                throw ParallelErrors.FromStreamEvent(data, Context.Redactor);
            case EventKind.TextDone:
                EndPart(PartOf(head), ResponseObject.StringOf(root, "text"), data);
                return;
            case EventKind.PartDone:
                if (root.TryGetProperty("part", out JsonElement part) && ResponseObject.StringOf(part, "type") == "output_text")
                {
                    EndPart(PartOf(head), ResponseObject.StringOf(part, "text"), data);
                }

                return;
            case EventKind.ItemDone:
                if (root.TryGetProperty("item", out JsonElement item) && ResponseObject.StringOf(item, "type") == "message")
                {
                    string key = ResponseObject.StringOf(item, "id") ?? head.ItemKey;
                    foreach (TextPart open in _parts.Where(p => p.ItemKey == key && !p.Done).ToList())
                    {
                        EndPart(open, null, data);
                    }
                }

                return;
            default:
                Finish(head.Kind, root, data);
                return;
        }
    }

    /// <summary>A terminal event: the response object it carries is the truth about the answer.</summary>
    private void Finish(EventKind kind, JsonElement root, ReadOnlySpan<byte> data)
    {
        string type = kind switch
        {
            EventKind.Failed => "response.failed",
            EventKind.Incomplete => "response.incomplete",
            _ => "response.completed",
        };
        if (!root.TryGetProperty("response", out JsonElement responseObject) || responseObject.ValueKind != JsonValueKind.Object)
        {
            throw NotAResponse($"{type} event carries no response object.", data, null);
        }

        ResponseObject final;
        try
        {
            final = ResponseObject.Read(responseObject);
        }
        catch (JsonException e)
        {
            throw NotAResponse($"{type} event's response is not a response object: {e.Message}", data, e);
        }

        foreach (TextPart part in _parts)
        {
            part.Done = true;
        }

        // Every part is done and handed on (or in this last piece): their texts, in order, are what was streamed.
        Advance();
        var streamed = new ArrayBufferWriter<byte>();
        foreach (TextPart part in _parts)
        {
            streamed.Write(part.Text.WrittenSpan);
        }

        string textSoFar = Encoding.UTF8.GetString(streamed.WrittenSpan);
        if (kind == EventKind.Failed && final.Status != "failed" && !final.HasError)
        {
            throw new ParallelServerException(
                "The Parallel API reported the response as failed (response.failed) without saying why.",
                new ParallelErrorDetails(null, null, final.Id, null, null, null, null, [], Context.Redactor.Redact(Encoding.UTF8.GetString(data))!));
        }

        if (kind == EventKind.Incomplete && final.Status != "incomplete")
        {
            throw new ParallelIncompleteResponseException(
                "The Parallel API ended the response as incomplete (response.incomplete); the text received is in PartialAnswer.",
                final.IncompleteReason,
                Context.Redactor.Redact(textSoFar));
        }

        Conclude(final, data, textSoFar);

        // What was streamed must be the start of the final text; the rest of it goes out now.
        byte[] finalText = Encoding.UTF8.GetBytes(final.OutputText);
        if (!finalText.AsSpan().StartsWith(streamed.WrittenSpan))
        {
            throw new ParallelResponseFormatException(
                "The text streamed as response.output_text.delta events disagrees with the output text of response.completed.",
                "",
                Context.Redactor.Redact(final.OutputText)!);
        }

        _piece.Write(finalText.AsSpan(streamed.WrittenCount));
        _finished = true;
    }

    /// <summary>Adds text to a part: it goes out now if the part is the current one, else it waits.</summary>
    private void Append(TextPart part, ReadOnlySpan<byte> text)
    {
        if (part.Done)
        {
            // A delta after its part's done event: the terminal event's text decides whether it belonged (any text it
            // has beyond what was streamed goes out then; text that disagrees is an error), so nothing is lost here.
            return;
        }

        part.Text.Write(text);
        if (_current < 0)
        {
            _current = _parts.IndexOf(part);
        }

        if (_current < _parts.Count && _parts[_current] == part)
        {
            _piece.Write(text);
        }
    }

    /// <summary>A part is done; its final text (if the event has it) may complete what its deltas gave.</summary>
    private void EndPart(TextPart part, string? text, ReadOnlySpan<byte> data)
    {
        if (part.Done)
        {
            return;
        }

        if (text is not null)
        {
            byte[] whole = Encoding.UTF8.GetBytes(text);
            if (whole.Length < part.Text.WrittenCount || !whole.AsSpan(0, part.Text.WrittenCount).SequenceEqual(part.Text.WrittenSpan))
            {
                throw NotAResponse("stream's text of a part disagrees with the deltas that streamed it.", data, null);
            }

            Append(part, whole.AsSpan(part.Text.WrittenCount));
        }

        part.Done = true;
        if (_current < 0)
        {
            _current = _parts.IndexOf(part);
        }

        Advance();
    }

    /// <summary>Once the current part is done, the next one's held-back text goes out, and so on.</summary>
    private void Advance()
    {
        while (_current >= 0 && _current < _parts.Count && _parts[_current].Done)
        {
            _current++;
            if (_current < _parts.Count)
            {
                _piece.Write(_parts[_current].Text.WrittenSpan);
            }
        }
    }

    private TextPart PartOf(EventHead head)
    {
        foreach (TextPart part in _parts)
        {
            if (part.ItemKey == head.ItemKey && part.ContentIndex == head.ContentIndex)
            {
                return part;
            }
        }

        var added = new TextPart(head.ItemKey, head.ContentIndex);
        _parts.Add(added);
        return added;
    }

    private JsonDocument ParseWhole(ReadOnlySpan<byte> data)
    {
        try
        {
            return JsonDocument.Parse(data.ToArray());
        }
        catch (JsonException e)
        {
            throw NotAResponse($"stream event is not valid JSON: {e.Message}", data, e);
        }
    }

    /// <summary>
    /// Reads an event's top-level <c>type</c>, part address and (for a delta) the unescaped <c>delta</c> into
    /// <see cref="_delta"/>, straight from the bytes: token-sized deltas cost no document.
    /// </summary>
    private EventHead ReadHead(ReadOnlySpan<byte> data)
    {
        _delta.ResetWrittenCount();
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The event is not a JSON object.");
        }

        var kind = EventKind.Untyped;
        string? itemId = null;
        int outputIndex = -1;
        int contentIndex = 0;
        bool hasError = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                kind = reader.TokenType == JsonTokenType.String ? KindOf(ref reader) : EventKind.Untyped;
            }
            else if (reader.ValueTextEquals("item_id"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    // Token-sized deltas repeat one item id: the string is made once, not per event.
                    itemId = _lastItemId is not null && reader.ValueTextEquals(_lastItemId) ? _lastItemId : _lastItemId = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("output_index"u8))
            {
                reader.Read();
                outputIndex = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int index) ? index : -1;
            }
            else if (reader.ValueTextEquals("content_index"u8))
            {
                reader.Read();
                contentIndex = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int index) ? index : 0;
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    int written = reader.CopyString(_delta.GetSpan(reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length));
                    _delta.Advance(written);
                }
            }
            else
            {
                hasError |= reader.ValueTextEquals("error"u8);
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new JsonException("The event holds more than one JSON object.");
        }

        return new EventHead(kind, itemId ?? "#" + outputIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), contentIndex, hasError);
    }

    /// <summary>The kind of the event whose <c>type</c> string the reader is on, compared as bytes.</summary>
    private static EventKind KindOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("response.output_text.delta"u8) ? EventKind.TextDelta
        : reader.ValueTextEquals("response.output_text.done"u8) ? EventKind.TextDone
        : reader.ValueTextEquals("response.content_part.done"u8) ? EventKind.PartDone
        : reader.ValueTextEquals("response.output_item.done"u8) ? EventKind.ItemDone
        : reader.ValueTextEquals("response.completed"u8) ? EventKind.Completed
        : reader.ValueTextEquals("response.failed"u8) ? EventKind.Failed
        : reader.ValueTextEquals("response.incomplete"u8) ? EventKind.Incomplete
        : reader.ValueTextEquals("error"u8) ? EventKind.Error
        : EventKind.Other;

    /// <summary>The events the reader acts on; <see cref="Other"/> is every other type, <see cref="Untyped"/> an event without one.</summary>
    private enum EventKind
    {
        Untyped,
        Other,
        TextDelta,
        TextDone,
        PartDone,
        ItemDone,
        Completed,
        Failed,
        Incomplete,
        Error,
    }

    private readonly record struct EventHead(EventKind Kind, string ItemKey, int ContentIndex, bool HasError);

    /// <summary>One <c>output_text</c> part: its text so far, and whether it is done.</summary>
    private sealed class TextPart(string itemKey, int contentIndex)
    {
        public string ItemKey { get; } = itemKey;

        public int ContentIndex { get; } = contentIndex;

        public ArrayBufferWriter<byte> Text { get; } = new();

        public bool Done { get; set; }
    }
}
