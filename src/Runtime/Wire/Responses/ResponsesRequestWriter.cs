using System.Buffers;
using System.Text.Json;

namespace StructuredChat;

/// <summary>
/// Writes a Responses API request body (<c>POST /v1/responses</c>) with <see cref="Utf8JsonWriter"/>. Only the fields
/// Parallel documents as honored are sent (model, input, instructions, reasoning, text, stream, metadata,
/// previous_response_id): whether it drops or rejects others is not settled.
/// </summary>
internal static class ResponsesRequestWriter
{
    private const int MaxMetadataKeys = 16;
    private const int MaxMetadataKeyLength = 64;
    private const int MaxMetadataValueLength = 512;

    /// <summary>Writes the body into <paramref name="output"/>.</summary>
    /// <param name="output">The buffer receiving the UTF-8 JSON.</param>
    /// <param name="request">The conversation: a lone user message is sent as a string <c>input</c>, anything else as input items.</param>
    /// <param name="model">The <c>parallel</c> model and its effort tier.</param>
    /// <param name="stream">Whether to ask for server-sent events.</param>
    /// <param name="format">The answer format.</param>
    /// <param name="schemaName">The schema's name (for <see cref="AnswerFormat.JsonSchema"/>).</param>
    /// <param name="schemaUtf8">The schema as UTF-8 JSON (for <see cref="AnswerFormat.JsonSchema"/>).</param>
    public static void Write(IBufferWriter<byte> output, ParallelChatRequest request, ParallelModel model, bool stream, AnswerFormat format, string? schemaName, ReadOnlySpan<byte> schemaUtf8)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("model"u8, model.Name);
        WriteInput(json, request.Messages);
        if (!string.IsNullOrEmpty(request.SystemPrompt))
        {
            json.WriteString("instructions"u8, request.SystemPrompt);
        }

        if (model.Effort is { } effort)
        {
            json.WriteStartObject("reasoning"u8);
            json.WriteString("effort"u8, ParallelModel.EffortName(effort));
            json.WriteEndObject();
        }

        if (format == AnswerFormat.JsonSchema)
        {
            // The Responses shape: flat under text.format, not Chat's response_format.json_schema.
            json.WriteStartObject("text"u8);
            json.WriteStartObject("format"u8);
            json.WriteString("type"u8, "json_schema"u8);
            ChatRequestWriter.WriteSchemaMembers(json, schemaName, schemaUtf8);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        if (request.Metadata.Count > 0)
        {
            json.WriteStartObject("metadata"u8);
            foreach ((string key, string value) in request.Metadata)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        if (!string.IsNullOrEmpty(request.PreviousInteractionId))
        {
            json.WriteString("previous_response_id"u8, request.PreviousInteractionId);
        }

        json.WriteBoolean("stream"u8, stream);
        json.WriteEndObject();
    }

    /// <summary>Refuses, before anything is sent, metadata the documented limits would reject.</summary>
    /// <exception cref="ArgumentException">Too many keys, a key or value too long, or a null value.</exception>
    public static void CheckMetadata(IDictionary<string, string> metadata)
    {
        if (metadata.Count > MaxMetadataKeys)
        {
            throw new ArgumentException($"The request's Metadata has {metadata.Count} keys; the Responses API takes at most {MaxMetadataKeys}.", "request");
        }

        foreach ((string key, string value) in metadata)
        {
            if (key.Length is 0 or > MaxMetadataKeyLength)
            {
                throw new ArgumentException($"The Metadata key '{Shorten(key)}' must be 1 to {MaxMetadataKeyLength} characters long.", "request");
            }

            if (value is null || value.Length > MaxMetadataValueLength)
            {
                throw new ArgumentException($"The Metadata value of '{key}' must be a string of at most {MaxMetadataValueLength} characters.", "request");
            }
        }
    }

    private static string Shorten(string key) => key.Length <= 80 ? key : key[..80] + "...";

    private static void WriteInput(Utf8JsonWriter json, IList<ParallelChatMessage> messages)
    {
        if (messages is [{ Role: ParallelChatRole.User } only])
        {
            json.WriteString("input"u8, only.Content);
            return;
        }

        // Role/content items, as Parallel's OpenAPI document describes them (no "type": "message" key: it is not in
        // Parallel's schema, though OpenAI SDKs add it).
        json.WriteStartArray("input"u8);
        foreach (ParallelChatMessage message in messages)
        {
            json.WriteStartObject();
            json.WriteString("role"u8, message.Role switch
            {
                ParallelChatRole.System => "system"u8,
                ParallelChatRole.Assistant => "assistant"u8,
                _ => "user"u8,
            });
            json.WriteString("content"u8, message.Content);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
