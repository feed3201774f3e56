using System.Text.Json;

namespace StructuredChat.Generator.Tests.Rules;

/// <summary>
/// An independent reading of the "Schema rules" of docs/parallel-chat-api.md: walks a schema and names every rule it
/// breaks, errors (Parallel refuses the request) and warnings (accepted but flagged) alike.
/// </summary>
internal static class ParallelSchemaRules
{
    public const int MaxDepth = 5;
    public const int MaxProperties = 100;
    public const int MaxEnumValues = 500;
    public const int LargeEnum = 250;
    public const int MaxLargeEnumCharacters = 7_500;
    public const int MaxCharacters = 25_000;

    public static readonly IReadOnlySet<string> RejectedKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "format", "pattern", "minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems",
        "uniqueItems", "contains", "minContains", "maxContains", "minProperties", "maxProperties", "patternProperties",
        "propertyNames", "unevaluatedItems", "unevaluatedProperties",
    };

    /// <summary>Every rule <paramref name="schema"/> breaks, each as "rule: where".</summary>
    public static IReadOnlyList<string> Violations(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        var walk = new Walk();
        var root = document.RootElement;

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "object"
            || !root.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            walk.Violations.Add("root: must be {\"type\":\"object\",\"properties\":{...}}");
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("anyOf", out _))
        {
            walk.Violations.Add("root: anyOf at the root");
        }

        walk.Schema(root, "$", depth: 0);

        if (walk.Properties > MaxProperties)
        {
            walk.Violations.Add($"properties: {walk.Properties} > {MaxProperties}");
        }

        if (walk.EnumValues > MaxEnumValues)
        {
            walk.Violations.Add($"enum: {walk.EnumValues} values > {MaxEnumValues}");
        }

        if (walk.Characters > MaxCharacters)
        {
            walk.Violations.Add($"characters: {walk.Characters} > {MaxCharacters}");
        }

        return walk.Violations;
    }

    private sealed class Walk
    {
        public List<string> Violations { get; } = [];

        public int Properties { get; private set; }

        public int EnumValues { get; private set; }

        public int Characters { get; private set; }

        public void Schema(JsonElement schema, string path, int depth)
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                Violations.Add($"schema: not an object at {path}");
                return;
            }

            foreach (var keyword in schema.EnumerateObject())
            {
                if (RejectedKeywords.Contains(keyword.Name))
                {
                    Violations.Add($"keyword: '{keyword.Name}' at {path}");
                }
            }

            var unionDepth = depth;
            var types = Types(schema, path);
            if (types.Contains("object") || types.Contains("array"))
            {
                depth++;
                if (depth > MaxDepth)
                {
                    Violations.Add($"depth: {depth} > {MaxDepth} at {path}");
                }
            }

            if (schema.TryGetProperty("enum", out var values))
            {
                Enum(values, path);
            }

            if (schema.TryGetProperty("properties", out var properties))
            {
                Object(schema, properties, path, depth);
            }
            else if (types.Contains("object"))
            {
                Violations.Add($"schema: object without properties at {path}");
            }

            if (schema.TryGetProperty("items", out var items))
            {
                Schema(items, path + "[]", depth);
            }
            else if (types.Contains("array"))
            {
                Violations.Add($"schema: array without items at {path}");
            }

            foreach (var union in new[] { "anyOf", "oneOf", "allOf" })
            {
                if (schema.TryGetProperty(union, out var members))
                {
                    var index = 0;
                    foreach (var member in members.EnumerateArray())
                    {
                        Schema(member, $"{path}.{union}[{index++}]", unionDepth);
                    }
                }
            }
        }

        private List<string> Types(JsonElement schema, string path)
        {
            if (!schema.TryGetProperty("type", out var type))
            {
                return [];
            }

            if (type.ValueKind == JsonValueKind.String)
            {
                if (type.GetString() == "null")
                {
                    Violations.Add($"null: bare \"type\":\"null\" outside a union at {path}");
                }

                return [type.GetString()!];
            }

            var names = type.EnumerateArray().Select(t => t.GetString()!).ToList();
            if (names.Contains("null") && names.Count(n => n != "null") == 0)
            {
                Violations.Add($"null: a union of null alone at {path}");
            }

            return names;
        }

        private void Enum(JsonElement values, string path)
        {
            var count = 0;
            var characters = 0;
            foreach (var value in values.EnumerateArray())
            {
                if (value.ValueKind == JsonValueKind.String)
                {
                    count++;
                    characters += value.GetString()!.Length;
                }
            }

            EnumValues += count;
            Characters += characters;
            if (count > LargeEnum && characters > MaxLargeEnumCharacters)
            {
                Violations.Add($"enum: {count} values of {characters} characters at {path}");
            }
        }

        private void Object(JsonElement schema, JsonElement properties, string path, int depth)
        {
            var names = new List<string>();
            foreach (var property in properties.EnumerateObject())
            {
                names.Add(property.Name);
                Properties++;
                Characters += property.Name.Length;
                Schema(property.Value, path + "." + property.Name, depth);
            }

            var required = schema.TryGetProperty("required", out var list)
                ? list.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var missing in names.Where(n => !required.Contains(n)))
            {
                Violations.Add($"required (warning): '{missing}' not required at {path}");
            }

            if (!schema.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False)
            {
                Violations.Add($"additionalProperties (warning): not false at {path}");
            }
        }
    }
}
