using System.Text.Json;

namespace StructuredChat.Emulator;

/// <summary>One message of a received request.</summary>
/// <param name="Role">The role as sent (<c>system</c>, <c>user</c>, <c>assistant</c>, or whatever the client put there).</param>
/// <param name="Content">The content if it was a string, else its raw JSON.</param>
public sealed record EmulatorMessage(string Role, string Content);

/// <summary>
/// A request as the emulator received it, read leniently (fields that were missing or of the wrong type are
/// <see langword="null"/>): what scripted-response predicates match on and what tests inspect afterwards.
/// The API key is never kept.
/// </summary>
public sealed class EmulatorRequest
{
    internal EmulatorRequest(string path, string body, bool sentBearerToken, bool sentApiKeyHeader, string? faultHeader, DateTimeOffset receivedAt)
    {
        Path = path;
        Body = body;
        SentBearerToken = sentBearerToken;
        SentApiKeyHeader = sentApiKeyHeader;
        FaultHeader = faultHeader;
        ReceivedAt = receivedAt;
        Messages = [];
    }

    /// <summary>The request path: <c>/chat/completions</c>, <c>/v1beta/chat/completions</c> or <c>/v1/responses</c>.</summary>
    public string Path { get; }

    /// <summary>The request body as text.</summary>
    public string Body { get; }

    /// <summary>Whether an <c>Authorization: Bearer</c> header was sent (right or wrong).</summary>
    public bool SentBearerToken { get; }

    /// <summary>Whether an <c>x-api-key</c> header was sent (right or wrong).</summary>
    public bool SentApiKeyHeader { get; }

    /// <summary>The <c>x-emulator-fault</c> header, if any.</summary>
    public string? FaultHeader { get; }

    /// <summary>When the request arrived, by the emulator's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Whether the body was a JSON object.</summary>
    public bool IsJson { get; private set; }

    /// <summary><c>model</c>.</summary>
    public string? Model { get; private set; }

    /// <summary><c>stream</c> (false when missing).</summary>
    public bool Stream { get; private set; }

    /// <summary>
    /// <c>messages</c> (Chat API), or <c>input</c> (Responses API): a string as one <c>user</c> message, a list item by
    /// item, text parts joined (a part that is not text keeps its raw JSON).
    /// </summary>
    public IReadOnlyList<EmulatorMessage> Messages { get; private set; }

    /// <summary><c>response_format.type</c> (Chat API) or <c>text.format.type</c> (Responses API); <see langword="null"/> when there is none.</summary>
    public string? ResponseFormatType { get; private set; }

    /// <summary><c>response_format.json_schema.name</c> or <c>text.format.name</c>.</summary>
    public string? SchemaName { get; private set; }

    /// <summary><c>response_format.json_schema.schema</c> or <c>text.format.schema</c>, as raw JSON text.</summary>
    public string? SchemaJson { get; private set; }

    /// <summary><c>instructions</c> (Responses API).</summary>
    public string? Instructions { get; private set; }

    /// <summary><c>reasoning.effort</c> (Responses API), as sent; Parallel's default when missing is <c>medium</c>.</summary>
    public string? ReasoningEffort { get; private set; }

    /// <summary><c>previous_response_id</c> (Responses API).</summary>
    public string? PreviousResponseId { get; private set; }

    /// <summary><c>metadata</c> (Responses API): its string values; <see langword="null"/> when none was sent.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; private set; }

    /// <summary>The conversation that <see cref="PreviousResponseId"/> names, once resolved: it seeds the answer as context.</summary>
    internal string? History { get; set; }

    /// <summary>Whether the request went to the Responses API (<c>/v1/responses</c>).</summary>
    public bool IsResponses => Path.EndsWith("/responses", StringComparison.Ordinal);

    /// <summary><c>previous_interaction_id</c>.</summary>
    public string? PreviousInteractionId { get; private set; }

    /// <summary>The schema warnings of Parallel's rules (accepted, but flagged): a property missing from <c>required</c>, an object without <c>"additionalProperties": false</c>, a property name that duplicates the basis.</summary>
    public IReadOnlyList<string> SchemaWarnings { get; internal set; } = [];

    /// <summary>The content of the last <c>user</c> message, or an empty string.</summary>
    public string Prompt => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";

    internal static EmulatorRequest Read(string path, string body, JsonElement? root, bool sentBearerToken, bool sentApiKeyHeader, string? faultHeader, DateTimeOffset receivedAt)
    {
        var request = new EmulatorRequest(path, body, sentBearerToken, sentApiKeyHeader, faultHeader, receivedAt);
        if (root is not { ValueKind: JsonValueKind.Object } json)
        {
            return request;
        }

        request.IsJson = true;
        request.Model = StringOrNull(json, "model");
        request.Stream = json.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;
        if (request.IsResponses)
        {
            request.ReadResponses(json);
            return request;
        }

        request.PreviousInteractionId = StringOrNull(json, "previous_interaction_id");
        if (json.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            request.Messages = [.. messages.EnumerateArray()
                .Where(m => m.ValueKind == JsonValueKind.Object)
                .Select(m => new EmulatorMessage(
                    StringOrNull(m, "role") ?? "",
                    m.TryGetProperty("content", out var c) ? (c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText()) : ""))];
        }

        if (json.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object)
        {
            request.ResponseFormatType = StringOrNull(format, "type");
            if (format.TryGetProperty("json_schema", out var jsonSchema) && jsonSchema.ValueKind == JsonValueKind.Object)
            {
                request.SchemaName = StringOrNull(jsonSchema, "name");
                request.SchemaJson = jsonSchema.TryGetProperty("schema", out var schema) ? schema.GetRawText() : null;
            }
        }

        return request;
    }

    private void ReadResponses(JsonElement json)
    {
        Instructions = StringOrNull(json, "instructions");
        PreviousResponseId = StringOrNull(json, "previous_response_id");
        ReasoningEffort = json.TryGetProperty("reasoning", out var reasoning) && reasoning.ValueKind == JsonValueKind.Object ? StringOrNull(reasoning, "effort") : null;
        if (json.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            Metadata = metadata.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        }

        if (json.TryGetProperty("input", out var input))
        {
            Messages = input.ValueKind switch
            {
                JsonValueKind.String => [new("user", input.GetString()!)],
                JsonValueKind.Array => [.. input.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.Object)
                    .Select(m => new EmulatorMessage(StringOrNull(m, "role") ?? "", m.TryGetProperty("content", out var c) ? Text(c) : ""))],
                _ => [],
            };
        }

        if (json.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.Object
            && text.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.Object)
        {
            ResponseFormatType = StringOrNull(format, "type");
            SchemaName = StringOrNull(format, "name");
            SchemaJson = format.TryGetProperty("schema", out var schema) ? schema.GetRawText() : null;
        }
    }

    /// <summary>A message's content: a string as is, text parts joined, anything else as raw JSON.</summary>
    internal static string Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(part =>
            part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : part.GetRawText())),
        _ => content.GetRawText(),
    };

    private static string? StringOrNull(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
