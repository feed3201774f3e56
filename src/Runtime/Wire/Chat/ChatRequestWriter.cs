using System.Buffers;
using System.Text.Json;

namespace StructuredChat;

/// <summary>What the answer must look like: text, or JSON that follows a schema.</summary>
internal enum AnswerFormat
{
    Text = 0,
    JsonSchema = 1,
}

/// <summary>Writes the request body of the wire doc with <see cref="Utf8JsonWriter"/>; the schema bytes go in verbatim.</summary>
internal static class ChatRequestWriter
{
    /// <summary>Writes the body into <paramref name="output"/>.</summary>
    /// <param name="output">The buffer receiving the UTF-8 JSON.</param>
    /// <param name="request">The conversation.</param>
    /// <param name="model">The model to ask.</param>
    /// <param name="stream">Whether to ask for server-sent events.</param>
    /// <param name="format">The answer format.</param>
    /// <param name="schemaName">The schema's name (for <see cref="AnswerFormat.JsonSchema"/>).</param>
    /// <param name="schemaUtf8">The schema as UTF-8 JSON (for <see cref="AnswerFormat.JsonSchema"/>).</param>
    public static void Write(IBufferWriter<byte> output, ParallelChatRequest request, ParallelModel model, bool stream, AnswerFormat format, string? schemaName, ReadOnlySpan<byte> schemaUtf8)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = false });
        json.WriteStartObject();
        json.WriteString("model"u8, model.Name);
        json.WriteStartArray("messages"u8);
        if (!string.IsNullOrEmpty(request.SystemPrompt))
        {
            WriteMessage(json, ParallelChatRole.System, request.SystemPrompt);
        }

        foreach (ParallelChatMessage message in request.Messages)
        {
            WriteMessage(json, message.Role, message.Content);
        }

        json.WriteEndArray();
        json.WriteBoolean("stream"u8, stream);
        if (format == AnswerFormat.JsonSchema)
        {
            json.WriteStartObject("response_format"u8);
            json.WriteString("type"u8, "json_schema"u8);
            json.WriteStartObject("json_schema"u8);
            WriteSchemaMembers(json, schemaName, schemaUtf8);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        if (!string.IsNullOrEmpty(request.PreviousInteractionId))
        {
            json.WriteString("previous_interaction_id"u8, request.PreviousInteractionId);
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// The members both APIs put around a schema (Chat under <c>response_format.json_schema</c>, Responses flat under
    /// <c>text.format</c>): its name, the generated schema bytes verbatim, and strict mode.
    /// </summary>
    public static void WriteSchemaMembers(Utf8JsonWriter json, string? schemaName, ReadOnlySpan<byte> schemaUtf8)
    {
        json.WriteString("name"u8, schemaName);
        json.WritePropertyName("schema"u8);
        json.WriteRawValue(schemaUtf8, skipInputValidation: false);
        json.WriteBoolean("strict"u8, true);
    }

    private static void WriteMessage(Utf8JsonWriter json, ParallelChatRole role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, role switch
        {
            ParallelChatRole.System => "system"u8,
            ParallelChatRole.Assistant => "assistant"u8,
            _ => "user"u8,
        });
        json.WriteString("content"u8, content);
        json.WriteEndObject();
    }
}
