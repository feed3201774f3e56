using System.Text;
using System.Text.Json;

namespace StructuredChat;

/// <summary>
/// A Responses API <c>response</c> object (a non-streamed body, or the one carried by <c>response.completed</c>,
/// <c>response.failed</c>, <c>response.incomplete</c>), read defensively: unknown fields and item types are ignored or
/// kept as raw JSON, the message is looked for wherever it is in <c>output</c>, and the output text is computed as
/// openai-python does (every <c>output_text</c> part of every <c>message</c> item, joined in order): it is not a wire
/// field.
/// </summary>
internal sealed class ResponseObject
{
    private readonly StringBuilder _text = new();
    private readonly List<ParallelSearchStep> _trail = [];
    private readonly List<ParallelToolItem> _tools = [];
    private readonly List<ParallelTextCitation> _citations = [];
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);
    private StringBuilder? _refusal;
    private int _textCodePoints;

    private ResponseObject()
    {
    }

    public string? Id { get; private set; }

    public string? Status { get; private set; }

    public string? IncompleteReason { get; private set; }

    /// <summary>The <c>error</c> object's <c>message</c> (failed responses), if any.</summary>
    public string? ErrorMessage { get; private set; }

    /// <summary>The <c>error</c> object's <c>code</c> (Parallel: always <c>server_error</c>), if any.</summary>
    public string? ErrorCode { get; private set; }

    /// <summary>Whether the object has a non-null <c>error</c>.</summary>
    public bool HasError { get; private set; }

    /// <summary>The output text: every <c>output_text</c> part of every <c>message</c> item, in order.</summary>
    public string OutputText => _text.ToString();

    /// <summary>The refusal parts' text, if the model refused.</summary>
    public string? Refusal => _refusal?.ToString();

    /// <summary>Whether <c>output</c> held any message item.</summary>
    public bool HasMessage { get; private set; }

    private DateTimeOffset? CreatedAt { get; set; }

    private ParallelUsage? Usage { get; set; }

    /// <summary>Reads a response object; anything but a JSON object is a <see cref="JsonException"/>.</summary>
    public static ResponseObject Read(JsonElement response)
    {
        if (response.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"The response is a JSON {response.ValueKind.ToString().ToLowerInvariant()}, not an object.");
        }

        var result = new ResponseObject
        {
            Id = StringOf(response, "id"),
            Status = StringOf(response, "status"),
            CreatedAt = response.TryGetProperty("created_at", out JsonElement created) && created.ValueKind == JsonValueKind.Number
                && created.TryGetDouble(out double seconds) && Math.Abs(seconds) < 1e11
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : null,
            Usage = UsageOf(response),
            IncompleteReason = response.TryGetProperty("incomplete_details", out JsonElement incomplete) ? StringOf(incomplete, "reason") : null,
        };
        if (response.TryGetProperty("error", out JsonElement error) && error.ValueKind != JsonValueKind.Null)
        {
            result.HasError = true;
            result.ErrorMessage = error.ValueKind == JsonValueKind.Object ? StringOf(error, "message") : error.ToString();
            result.ErrorCode = error.ValueKind == JsonValueKind.Object ? StringOf(error, "code") : null;
        }

        if (response.TryGetProperty("metadata", out JsonElement metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty pair in metadata.EnumerateObject())
            {
                result._metadata[pair.Name] = pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString()! : pair.Value.GetRawText();
            }
        }

        if (response.TryGetProperty("output", out JsonElement output) && output.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in output.EnumerateArray())
            {
                result.ReadItem(item);
            }
        }

        return result;
    }

    /// <summary>What the response says besides its text, with its citations as sent (no JSON paths yet).</summary>
    public ParallelResponsesDetails ToDetails() =>
        new(Id, Status, CreatedAt, Usage, IncompleteReason, [.. _trail], [.. _tools], [.. _citations], _metadata.AsReadOnly());

    /// <summary>A search step from a <c>web_search_call</c> item.</summary>
    public static ParallelSearchStep SearchStepOf(JsonElement item)
    {
        JsonElement action = item.TryGetProperty("action", out JsonElement found) && found.ValueKind == JsonValueKind.Object ? found : default;
        List<string> queries = [];
        if (action.ValueKind == JsonValueKind.Object && action.TryGetProperty("queries", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            queries.AddRange(list.EnumerateArray().Where(q => q.ValueKind == JsonValueKind.String).Select(q => q.GetString()!));
        }

        return new ParallelSearchStep(
            StringOf(item, "id"),
            StringOf(item, "status"),
            StringOf(action, "type"),
            StringOf(action, "query"),
            queries,
            StringOf(action, "url"));
    }

    /// <summary>An item kept as sent: an MCP item or any type the client does not model.</summary>
    public static ParallelToolItem ToolItemOf(JsonElement item) =>
        new(StringOf(item, "type") ?? "", StringOf(item, "id"), StringOf(item, "status"), StringOf(item, "name"), StringOf(item, "server_label"), item.GetRawText());

    /// <summary>A <c>url_citation</c> annotation (other annotation types give <see langword="null"/>), its span shifted by <paramref name="offset"/>.</summary>
    public static ParallelTextCitation? CitationOf(JsonElement annotation, int offset)
    {
        if (annotation.ValueKind != JsonValueKind.Object || StringOf(annotation, "type") != "url_citation" || StringOf(annotation, "url") is not { } url)
        {
            return null;
        }

        return new ParallelTextCitation(url, StringOf(annotation, "title"), IndexOf(annotation, "start_index") + offset, IndexOf(annotation, "end_index") + offset, null);
    }

    /// <summary>A string property, or null when absent or of another kind.</summary>
    public static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static int IndexOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long index)
            ? (int)Math.Clamp(index, int.MinValue / 2, int.MaxValue / 2)
            : -1;

    private static ParallelUsage? UsageOf(JsonElement response)
    {
        if (!response.TryGetProperty("usage", out JsonElement usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new ParallelUsage(
            CountOf(usage, "input_tokens") ?? 0,
            CountOf(usage, "output_tokens") ?? 0,
            CountOf(usage, "total_tokens") ?? 0,
            usage.TryGetProperty("input_tokens_details", out JsonElement input) ? CountOf(input, "cached_tokens") : null,
            usage.TryGetProperty("output_tokens_details", out JsonElement output) ? CountOf(output, "reasoning_tokens") : null);
    }

    private static long? CountOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetDouble(out double count)
            ? (long)count
            : null;

    private void ReadItem(JsonElement item)
    {
        switch (StringOf(item, "type"))
        {
            case "message":
                HasMessage = true;
                ReadMessage(item);
                break;
            case "web_search_call":
                _trail.Add(SearchStepOf(item));
                break;
            case null when item.ValueKind != JsonValueKind.Object:
                break;
            default:
                _tools.Add(ToolItemOf(item));
                break;
        }
    }

    private void ReadMessage(JsonElement message)
    {
        if (!message.TryGetProperty("content", out JsonElement content) || content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (JsonElement part in content.EnumerateArray())
        {
            switch (StringOf(part, "type"))
            {
                case "output_text" when StringOf(part, "text") is { } text:
                    // Annotation indexes count within their part; shifted here into the joined output text.
                    if (part.TryGetProperty("annotations", out JsonElement annotations) && annotations.ValueKind == JsonValueKind.Array)
                    {
                        foreach (JsonElement annotation in annotations.EnumerateArray())
                        {
                            if (CitationOf(annotation, _textCodePoints) is { } citation)
                            {
                                _citations.Add(citation);
                            }
                        }
                    }

                    _text.Append(text);
                    _textCodePoints += CodePoints(text);
                    break;
                case "refusal" when StringOf(part, "refusal") is { } refusal:
                    (_refusal ??= new StringBuilder()).Append(refusal);
                    break;
            }
        }
    }

    /// <summary>Unicode code points of <paramref name="text"/> (a lone surrogate counts as one).</summary>
    public static int CodePoints(string text)
    {
        int count = text.Length;
        for (int i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }
}
