using System.Text.Json;
using System.Text.RegularExpressions;

namespace StructuredChat.Emulator.Validation;

/// <summary>The request rules of parallel-chat-api.md ("Request" and "Schema rules"); OpenAI fields it does not name are ignored.</summary>
internal static partial class RequestValidator
{
    public static readonly IReadOnlyList<string> Models = ["speed", "lite", "base", "core"];

    private static readonly string[] Roles = ["system", "user", "assistant"];

    private static readonly string[] ResponseFormatTypes = ["text", "json_object", "json_schema"];

    /// <summary>The schema name rule, which the Responses API keeps as OpenAI's.</summary>
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    internal static partial Regex SchemaNamePattern();

    public static List<Violation> Validate(JsonElement root, List<string> warnings)
    {
        var violations = new List<Violation>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            violations.Add(new(Rules.Body, "$", "The request body must be a JSON object."));
            return violations;
        }

        CheckModel(root, violations);
        CheckMessages(root, violations);

        if (root.TryGetProperty("stream", out var stream) && stream.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            violations.Add(new(Rules.Stream, "$.stream", "'stream' must be a boolean."));
        }

        if (root.TryGetProperty("previous_interaction_id", out var previous) && previous.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            violations.Add(new(Rules.PreviousInteractionId, "$.previous_interaction_id", "'previous_interaction_id' must be a string."));
        }

        CheckResponseFormat(root, violations, warnings);
        return violations;
    }

    private static void CheckModel(JsonElement root, List<Violation> violations)
    {
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String)
        {
            violations.Add(new(Rules.Model, "$.model", $"'model' is required: one of {string.Join(", ", Models)}."));
        }
        else if (!Models.Contains(model.GetString()))
        {
            violations.Add(new(Rules.UnknownModel, "$.model", $"Unknown model '{model.GetString()}'. Parallel's Chat API serves {string.Join(", ", Models)}."));
        }
    }

    private static void CheckMessages(JsonElement root, List<Violation> violations)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            violations.Add(new(Rules.Messages, "$.messages", "'messages' must be a non-empty array."));
            return;
        }

        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var path = JsonPath.Index("$.messages", i++);
            if (message.ValueKind != JsonValueKind.Object)
            {
                violations.Add(new(Rules.Messages, path, "Each message must be an object with 'role' and 'content'."));
                continue;
            }

            if (!message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String || !Roles.Contains(role.GetString()))
            {
                violations.Add(new(Rules.MessageRole, path + ".role", $"'role' must be one of {string.Join(", ", Roles)}."));
            }

            if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
            {
                violations.Add(new(Rules.MessageContent, path + ".content", "'content' must be a plain string (content-part arrays are not supported)."));
            }
        }
    }

    private static void CheckResponseFormat(JsonElement root, List<Violation> violations, List<string> warnings)
    {
        if (!root.TryGetProperty("response_format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (format.ValueKind != JsonValueKind.Object)
        {
            violations.Add(new(Rules.ResponseFormat, "$.response_format", "'response_format' must be an object."));
            return;
        }

        if (!format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !ResponseFormatTypes.Contains(type.GetString()))
        {
            violations.Add(new(Rules.ResponseFormatType, "$.response_format.type", $"'response_format.type' must be one of {string.Join(", ", ResponseFormatTypes)}."));
            return;
        }

        if (type.GetString() != "json_schema")
        {
            return;
        }

        if (!format.TryGetProperty("json_schema", out var jsonSchema) || jsonSchema.ValueKind != JsonValueKind.Object)
        {
            violations.Add(new(Rules.JsonSchema, "$.response_format.json_schema", "'response_format.json_schema' is required for type json_schema."));
            return;
        }

        if (!jsonSchema.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || !SchemaNamePattern().IsMatch(name.GetString()!))
        {
            violations.Add(new(Rules.JsonSchemaName, "$.response_format.json_schema.name", "'json_schema.name' must match [a-zA-Z0-9_-]{1,64}."));
        }

        if (!jsonSchema.TryGetProperty("schema", out var schema))
        {
            violations.Add(new(Rules.JsonSchema, "$.response_format.json_schema.schema", "'json_schema.schema' is required."));
            return;
        }

        SchemaRules.Check(schema, "$.response_format.json_schema.schema", violations, warnings);
    }
}
