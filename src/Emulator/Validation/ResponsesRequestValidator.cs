using System.Globalization;
using System.Text.Json;

namespace StructuredChat.Emulator.Validation;

/// <summary>A documented 400 of the Responses API: its message and, when OpenAI's envelope names one, the parameter and code.</summary>
internal sealed record Rejection(string Message, string? Param = null, string? Code = null);

/// <summary>
/// The request rules of parallel-responses-api.md. Two kinds, in the order a FastAPI server meets them: malformed
/// fields (missing, wrong type, a value outside its set, the input-length limit, <c>metadata</c> limits, the
/// schema rules) are 422 with FastAPI's <c>detail</c> list, each with a pydantic-style <c>type</c>; then the
/// documented rejections are 400 with OpenAI's error envelope and the documented message, the first one that
/// applies. Fields the doc lists as accepted but ignored are not checked.
/// </summary>
internal static class ResponsesRequestValidator
{
    public const string Model = "parallel";
    public const int MaxInputChars = 20_000;
    public const int MaxMetadataKeys = 16;
    public const int MaxMetadataKeyChars = 64;
    public const int MaxMetadataValueChars = 512;

    public static readonly IReadOnlyList<string> Efforts = ["low", "medium", "high"];

    private static readonly string[] Roles = ["user", "assistant", "system", "developer"];

    private static readonly string[] TextPartTypes = ["input_text", "output_text", "text"];

    private static readonly string[] FormatTypes = ["text", "json_object", "json_schema"];

    /// <summary>The malformed fields (422); schema warnings go to <paramref name="warnings"/>.</summary>
    public static List<Violation> Malformed(JsonElement root, List<string> warnings)
    {
        var errors = new List<Violation>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("model_attributes_type", "$", "Input should be a valid dictionary or object to extract fields from"));
            return errors;
        }

        if (!root.TryGetProperty("model", out var model))
        {
            errors.Add(Missing("$.model"));
        }
        else if (model.ValueKind != JsonValueKind.String)
        {
            errors.Add(new("string_type", "$.model", "Input should be a valid string"));
        }

        CheckInput(root, errors);
        CheckOptional(root, "instructions", JsonValueKind.String, "string_type", "Input should be a valid string", errors);
        CheckOptional(root, "previous_response_id", JsonValueKind.String, "string_type", "Input should be a valid string", errors);
        CheckBoolean(root, "stream", errors);
        CheckBoolean(root, "background", errors);
        CheckReasoning(root, errors);
        CheckMetadata(root, errors);
        CheckOptional(root, "tools", JsonValueKind.Array, "list_type", "Input should be a valid list", errors);
        CheckText(root, errors, warnings);
        CheckInputLength(root, errors);
        return errors;
    }

    /// <summary>The first documented rejection (400) that applies, if any; <paramref name="knownResponse"/> resolves <c>previous_response_id</c>.</summary>
    public static Rejection? Rejected(JsonElement root, Func<string, bool> knownResponse)
    {
        if (!string.Equals(root.GetProperty("model").GetString(), Model, StringComparison.OrdinalIgnoreCase))
        {
            return new("The Responses API only supports model 'parallel'.", "model");
        }

        if (root.TryGetProperty("background", out var background) && background.ValueKind == JsonValueKind.True)
        {
            return new("background mode is not supported on /v1/responses; submit long-running work via the Task API (POST /v1/tasks/runs) instead.", "background");
        }

        var input = root.GetProperty("input");
        var unsupported = NonTextParts(input);
        if (unsupported.Count > 0)
        {
            return new($"input contains unsupported non-text content parts: {string.Join(", ", unsupported)} (this endpoint only accepts text input today)", "input");
        }

        if (input.ValueKind == JsonValueKind.String ? string.IsNullOrWhiteSpace(input.GetString()) : input.GetArrayLength() == 0)
        {
            return new("input must not be empty.", "input");
        }

        if (input.ValueKind == JsonValueKind.Array && !input.EnumerateArray().Any(m => m.GetProperty("role").GetString() == "user"))
        {
            return new("input must contain at least one user message.", "input");
        }

        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array
            && tools.EnumerateArray().Count(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "web_search") > 1)
        {
            return new("tools may contain at most one web_search tool.", "tools");
        }

        if (root.TryGetProperty("data_sources", out var dataSources) && dataSources.ValueKind is not JsonValueKind.Null && Effort(root) == "low")
        {
            return new("data_sources requires reasoning.effort='medium' or 'high'.", "data_sources");
        }

        if (root.TryGetProperty("previous_response_id", out var previous) && previous.ValueKind == JsonValueKind.String && !knownResponse(previous.GetString()!))
        {
            return new($"Previous response with id '{previous.GetString()}' not found.", "previous_response_id", "previous_response_not_found");
        }

        return null;
    }

    /// <summary>The research tier: <c>reasoning.effort</c>, <c>medium</c> when missing.</summary>
    public static string Effort(JsonElement root) =>
        root.TryGetProperty("reasoning", out var reasoning) && reasoning.ValueKind == JsonValueKind.Object
            && reasoning.TryGetProperty("effort", out var effort) && effort.ValueKind == JsonValueKind.String
            ? effort.GetString()!
            : "medium";

    /// <summary>Characters as Parallel's Python backend counts them: Unicode code points (a UTF-16 surrogate pair is one).</summary>
    public static int CodePoints(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            count += char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]) ? 0 : 1;
        }

        return count;
    }

    private static Violation Missing(string path) => new("missing", path, "Field required");

    private static void CheckInput(JsonElement root, List<Violation> errors)
    {
        if (!root.TryGetProperty("input", out var input))
        {
            errors.Add(Missing("$.input"));
            return;
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            return;
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new("union_type", "$.input", "Input should be a valid string or a list of messages"));
            return;
        }

        var i = 0;
        foreach (var message in input.EnumerateArray())
        {
            var path = JsonPath.Index("$.input", i++);
            if (message.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new("model_type", path, "Input should be an object with 'role' and 'content'"));
                continue;
            }

            if (!message.TryGetProperty("role", out var role))
            {
                errors.Add(Missing(path + ".role"));
            }
            else if (role.ValueKind != JsonValueKind.String || !Roles.Contains(role.GetString()))
            {
                errors.Add(new("literal_error", path + ".role", "Input should be 'user', 'assistant', 'system' or 'developer'"));
            }

            if (!message.TryGetProperty("content", out var content))
            {
                errors.Add(Missing(path + ".content"));
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                var p = 0;
                foreach (var part in content.EnumerateArray())
                {
                    var partPath = JsonPath.Index(path + ".content", p++);
                    if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                    {
                        errors.Add(new("model_type", partPath, "A content part should be an object with a 'type'"));
                    }
                    else if (TextPartTypes.Contains(type.GetString()) && (!part.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String))
                    {
                        errors.Add(new("string_type", partPath + ".text", "Input should be a valid string"));
                    }
                }
            }
            else if (content.ValueKind != JsonValueKind.String)
            {
                errors.Add(new("union_type", path + ".content", "Input should be a valid string or a list of content parts"));
            }
        }
    }

    private static void CheckOptional(JsonElement root, string name, JsonValueKind kind, string type, string message, List<Violation> errors)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind != kind && value.ValueKind != JsonValueKind.Null)
        {
            errors.Add(new(type, JsonPath.Property("$", name), message));
        }
    }

    private static void CheckBoolean(JsonElement root, string name, List<Violation> errors)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            errors.Add(new("bool_type", JsonPath.Property("$", name), "Input should be a valid boolean"));
        }
    }

    private static void CheckReasoning(JsonElement root, List<Violation> errors)
    {
        CheckOptional(root, "reasoning", JsonValueKind.Object, "model_type", "Input should be an object", errors);
        if (root.TryGetProperty("reasoning", out var reasoning) && reasoning.ValueKind == JsonValueKind.Object
            && reasoning.TryGetProperty("effort", out var effort) && effort.ValueKind != JsonValueKind.Null
            && (effort.ValueKind != JsonValueKind.String || !Efforts.Contains(effort.GetString())))
        {
            errors.Add(new("literal_error", "$.reasoning.effort", "Input should be 'low', 'medium' or 'high'"));
        }
    }

    private static void CheckMetadata(JsonElement root, List<Violation> errors)
    {
        CheckOptional(root, "metadata", JsonValueKind.Object, "dict_type", "Input should be a valid dictionary", errors);
        if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var count = 0;
        foreach (var entry in metadata.EnumerateObject())
        {
            var path = JsonPath.Property("$.metadata", entry.Name);
            if (++count == MaxMetadataKeys + 1)
            {
                errors.Add(new("too_long", "$.metadata", $"metadata may have at most {MaxMetadataKeys} keys"));
            }

            if (CodePoints(entry.Name) > MaxMetadataKeyChars)
            {
                errors.Add(new("string_too_long", path, $"A metadata key may have at most {MaxMetadataKeyChars} characters"));
            }

            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new("string_type", path, "Input should be a valid string"));
            }
            else if (CodePoints(entry.Value.GetString()!) > MaxMetadataValueChars)
            {
                errors.Add(new("string_too_long", path, $"A metadata value may have at most {MaxMetadataValueChars} characters"));
            }
        }
    }

    private static void CheckText(JsonElement root, List<Violation> errors, List<string> warnings)
    {
        CheckOptional(root, "text", JsonValueKind.Object, "model_type", "Input should be an object", errors);
        if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.Object
            || !text.TryGetProperty("format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (format.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("model_type", "$.text.format", "Input should be an object"));
            return;
        }

        if (!format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !FormatTypes.Contains(type.GetString()))
        {
            errors.Add(new("literal_error", "$.text.format.type", "Input should be 'text', 'json_object' or 'json_schema'"));
            return;
        }

        if (type.GetString() != "json_schema")
        {
            return;
        }

        if (!format.TryGetProperty("name", out var name))
        {
            errors.Add(Missing("$.text.format.name"));
        }
        else if (name.ValueKind != JsonValueKind.String || !RequestValidator.SchemaNamePattern().IsMatch(name.GetString()!))
        {
            errors.Add(new("string_pattern_mismatch", "$.text.format.name", "String should match pattern '^[a-zA-Z0-9_-]{1,64}$'"));
        }

        if (format.TryGetProperty("strict", out var strict) && strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            errors.Add(new("bool_type", "$.text.format.strict", "Input should be a valid boolean"));
        }

        if (!format.TryGetProperty("schema", out var schema))
        {
            errors.Add(Missing("$.text.format.schema"));
            return;
        }

        SchemaRules.Check(schema, "$.text.format.schema", errors, warnings);
    }

    private static void CheckInputLength(JsonElement root, List<Violation> errors)
    {
        if (!root.TryGetProperty("input", out var input) || input.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return;
        }

        var length = input.ValueKind == JsonValueKind.String
            ? CodePoints(input.GetString()!)
            : input.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("content", out _))
                .Sum(m => CodePoints(EmulatorRequest.Text(m.GetProperty("content"))));
        if (root.TryGetProperty("instructions", out var instructions) && instructions.ValueKind == JsonValueKind.String)
        {
            length += CodePoints(instructions.GetString()!);
        }

        if (length > MaxInputChars)
        {
            errors.Add(new("value_error", "$.input",
                $"Value error, input and instructions together may have at most {MaxInputChars.ToString("N0", CultureInfo.InvariantCulture)} characters; this request has {length.ToString("N0", CultureInfo.InvariantCulture)}."));
        }
    }

    private static List<string> NonTextParts(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. input.EnumerateArray()
            .Where(m => m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Array)
            .SelectMany(m => m.GetProperty("content").EnumerateArray())
            .Select(part => part.GetProperty("type").GetString()!)
            .Where(type => !TextPartTypes.Contains(type))
            .Distinct()];
    }
}
