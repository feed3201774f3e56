using System.Text.Json;

namespace StructuredChat.Emulator.Validation;

/// <summary>
/// Parallel's output-schema rules (parallel-chat-api.md, "Schema rules"). Every error rule is checked and every
/// violation reported, not just the first. Depth counts the object and array schemas on the way from the root,
/// the root object being level 1: root object, array, object, array, object is 5 levels and the most allowed.
/// </summary>
/// <remarks>
/// A local <c>$ref</c> (<c>#/$defs/x</c>, <c>#/definitions/x</c>, any JSON pointer into the schema) counts as if its
/// target were written in its place: depth, properties, enum values and characters all go through it, so
/// <c>$defs</c> cannot hide what the inline form would be refused for. A violation inside a definition names the
/// definition's own path (where the text to fix is). A reference back into a definition it is already inside is a
/// recursion, which no depth limit can hold: refused, naming the cycle. Definitions nothing references are not part
/// of the answer and are not checked.
/// </remarks>
internal sealed class SchemaRules
{
    public const int MaxDepth = 5;
    public const int MaxProperties = 100;
    public const int MaxEnumValues = 500;
    public const int LargeEnumThreshold = 250;
    public const int LargeEnumMaxChars = 7_500;
    public const int MaxTotalChars = 25_000;

    public static readonly IReadOnlyList<string> RejectedKeywords =
    [
        "format", "pattern", "minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems",
        "uniqueItems", "contains", "minContains", "maxContains", "minProperties", "maxProperties",
        "patternProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties",
    ];

    private static readonly HashSet<string> RejectedKeywordSet = new(RejectedKeywords, StringComparer.Ordinal);

    private static readonly HashSet<string> BasisLikeNames = new(StringComparer.Ordinal)
    {
        "reasoning", "confidence", "citations", "evidence", "source", "sources", "source_urls",
    };

    /// <summary>How many schema nodes one check visits, references expanded; a schema whose references multiply beyond it is refused.</summary>
    public const int MaxExpandedNodes = 20_000;

    private readonly List<Violation> _violations;
    private readonly HashSet<(string Rule, string Path)> _reported = [];
    private readonly List<string> _warnings;
    private readonly JsonElement _root;
    private readonly string _rootPath;
    private readonly List<(string Reference, string Site)> _references = [];
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private int _visited;
    private bool _expansionReported;
    private int _properties;
    private int _enumValues;
    private int _chars;
    private bool _propertiesReported;
    private bool _enumValuesReported;
    private bool _charsReported;

    private SchemaRules(List<Violation> violations, List<string> warnings, JsonElement root, string rootPath)
    {
        _violations = violations;
        _warnings = warnings;
        _root = root;
        _rootPath = rootPath;
    }

    public static void Check(JsonElement schema, string path, List<Violation> violations, List<string> warnings)
    {
        var rules = new SchemaRules(violations, warnings, schema, path);
        rules.CheckRoot(schema, path);
        if (schema.ValueKind == JsonValueKind.Object)
        {
            rules.Walk(schema, path, depth: 0, insideUnion: false, depthReported: false);
        }
    }

    private void CheckRoot(JsonElement schema, string path)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            Add(Rules.RootObject, path, "The schema root must be an object schema {\"type\":\"object\",\"properties\":{...}}.");
            return;
        }

        foreach (var union in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(union, out _))
            {
                Add(Rules.RootObject, JsonPath.Property(path, union), $"The schema root must be an object, never '{union}'.");
            }
        }

        if (!schema.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "object")
        {
            Add(Rules.RootObject, JsonPath.Property(path, "type"), "The schema root must have \"type\": \"object\".");
        }

        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            Add(Rules.RootObject, JsonPath.Property(path, "properties"), "The schema root must have a \"properties\" object.");
        }
    }

    private void Walk(JsonElement node, string path, int depth, bool insideUnion, bool depthReported)
    {
        if (++_visited > MaxExpandedNodes)
        {
            if (!_expansionReported)
            {
                Add(Rules.RefExpansion, path, $"With its references expanded the schema has more than {MaxExpandedNodes} subschemas; write it with fewer references.");
                _expansionReported = true;
            }

            return;
        }

        foreach (var keyword in node.EnumerateObject())
        {
            if (RejectedKeywordSet.Contains(keyword.Name))
            {
                Add(Rules.RejectedKeyword, JsonPath.Property(path, keyword.Name),
                    $"The keyword '{keyword.Name}' is not supported; put the constraint into 'description' instead.");
            }
        }

        CheckBareNull(node, path, insideUnion);

        if (IsContainer(node))
        {
            depth++;
            if (depth > MaxDepth && !depthReported)
            {
                var through = _references.Count == 0 ? "" : $" (reached through {string.Join(", then ", _references.Select(r => $"'{r.Reference}' at {r.Site}"))})";
                Add(Rules.MaxDepth, path, $"Objects and arrays may be nested at most {MaxDepth} levels; this one is level {depth}{through}.");
                depthReported = true;
            }

            CheckObjectWarnings(node, path);
        }

        if (node.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                var propertyPath = JsonPath.Property(JsonPath.Property(path, "properties"), property.Name);
                _properties++;
                if (_properties > MaxProperties && !_propertiesReported)
                {
                    Add(Rules.MaxProperties, propertyPath, $"A schema may have at most {MaxProperties} properties across all levels; this is number {_properties}.");
                    _propertiesReported = true;
                }

                if (BasisLikeNames.Contains(property.Name))
                {
                    Warn($"{propertyPath}: the property name '{property.Name}' duplicates the research basis and is discouraged.");
                }

                CountChars(property.Name.Length, propertyPath);
                WalkChild(property.Value, propertyPath, depth, insideUnion: false, depthReported);
            }
        }

        WalkChildren(node, path, "items", depth, depthReported);
        WalkChildren(node, path, "prefixItems", depth, depthReported);
        WalkChildren(node, path, "additionalProperties", depth, depthReported);
        WalkChildren(node, path, "not", depth, depthReported);
        WalkChildren(node, path, "allOf", depth, depthReported);
        WalkChildren(node, path, "anyOf", depth, depthReported, insideUnion: true);
        WalkChildren(node, path, "oneOf", depth, depthReported, insideUnion: true);

        if (node.TryGetProperty("$ref", out var reference))
        {
            FollowReference(reference, JsonPath.Property(path, "$ref"), depth, insideUnion, depthReported);
        }

        CheckEnum(node, path);
        if (node.TryGetProperty("const", out var constant))
        {
            CountChars(ValueLength(constant), JsonPath.Property(path, "const"));
        }
    }

    private void FollowReference(JsonElement reference, string site, int depth, bool insideUnion, bool depthReported)
    {
        if (reference.ValueKind != JsonValueKind.String || !TryResolve(reference.GetString()!, out var target, out var targetPath))
        {
            Add(Rules.UnresolvedRef, site, $"The reference {reference.GetRawText()} does not resolve: only local references into this schema (\"#/$defs/Name\") are supported.");
            return;
        }

        var pointer = reference.GetString()!;
        var open = _references.FindIndex(r => r.Reference == pointer);
        if (open >= 0)
        {
            var cycle = string.Join(" -> ", _references.Skip(open).Select(r => r.Reference).Append(pointer));
            Add(Rules.RecursiveRef, site, $"The schema is recursive: {cycle}. Parallel's schemas must have a fixed depth (at most {MaxDepth} levels of objects and arrays); unroll the recursion to the levels you need.");
            return;
        }

        _references.Add((pointer, site));
        WalkChild(target, targetPath, depth, insideUnion, depthReported);
        _references.RemoveAt(_references.Count - 1);
    }

    /// <summary>Resolves a local JSON pointer (RFC 6901, <c>~0</c>/<c>~1</c> escapes) against the schema root.</summary>
    private bool TryResolve(string reference, out JsonElement target, out string targetPath)
    {
        target = _root;
        targetPath = _rootPath;
        if (!reference.StartsWith('#'))
        {
            return false;
        }

        foreach (var raw in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(segment, out var child))
            {
                target = child;
                targetPath = JsonPath.Property(targetPath, segment);
            }
            else if (target.ValueKind == JsonValueKind.Array && int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < target.GetArrayLength())
            {
                target = target[index];
                targetPath = JsonPath.Index(targetPath, index);
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private void WalkChildren(JsonElement node, string path, string keyword, int depth, bool depthReported, bool insideUnion = false)
    {
        if (!node.TryGetProperty(keyword, out var child))
        {
            return;
        }

        var childPath = JsonPath.Property(path, keyword);
        if (child.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in child.EnumerateArray())
            {
                WalkChild(item, JsonPath.Index(childPath, i++), depth, insideUnion, depthReported);
            }
        }
        else
        {
            WalkChild(child, childPath, depth, insideUnion, depthReported);
        }
    }

    private void WalkChild(JsonElement child, string path, int depth, bool insideUnion, bool depthReported)
    {
        if (child.ValueKind == JsonValueKind.Object)
        {
            Walk(child, path, depth, insideUnion, depthReported);
        }
    }

    private void CheckBareNull(JsonElement node, string path, bool insideUnion)
    {
        if (!node.TryGetProperty("type", out var type) || insideUnion)
        {
            return;
        }

        var bare = type.ValueKind switch
        {
            JsonValueKind.String => type.GetString() == "null",
            JsonValueKind.Array => type.GetArrayLength() > 0 && type.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String && t.GetString() == "null"),
            _ => false,
        };
        if (bare)
        {
            Add(Rules.BareNull, JsonPath.Property(path, "type"), "A bare \"type\": \"null\" is only allowed inside a union such as [\"string\", \"null\"].");
        }
    }

    private void CheckObjectWarnings(JsonElement node, string path)
    {
        if (!node.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var required = node.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var property in properties.EnumerateObject())
        {
            if (!required.Contains(property.Name))
            {
                Warn($"{JsonPath.Property(JsonPath.Property(path, "properties"), property.Name)}: every property should be in 'required' (express optional as a null union).");
            }
        }

        if (!node.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False)
        {
            Warn($"{path}: every object should say \"additionalProperties\": false.");
        }
    }

    private void CheckEnum(JsonElement node, string path)
    {
        if (!node.TryGetProperty("enum", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var enumPath = JsonPath.Property(path, "enum");
        var count = values.GetArrayLength();
        var chars = values.EnumerateArray().Sum(ValueLength);
        _enumValues += count;
        if (_enumValues > MaxEnumValues && !_enumValuesReported)
        {
            Add(Rules.MaxEnumValues, enumPath, $"A schema may have at most {MaxEnumValues} enum values in all; this enum brings the total to {_enumValues}.");
            _enumValuesReported = true;
        }

        if (count > LargeEnumThreshold && chars > LargeEnumMaxChars)
        {
            Add(Rules.LargeEnumChars, enumPath, $"An enum of more than {LargeEnumThreshold} values may have at most {LargeEnumMaxChars} characters; this one has {count} values and {chars} characters.");
        }

        CountChars(chars, enumPath);
    }

    private void CountChars(int chars, string path)
    {
        _chars += chars;
        if (_chars > MaxTotalChars && !_charsReported)
        {
            Add(Rules.MaxTotalChars, path, $"Property names and enum/const values may have at most {MaxTotalChars} characters in total; the total reaches {_chars} here.");
            _charsReported = true;
        }
    }

    private static bool IsContainer(JsonElement node)
    {
        if (node.TryGetProperty("type", out var type))
        {
            return type.ValueKind switch
            {
                JsonValueKind.String => type.GetString() is "object" or "array",
                JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() is "object" or "array"),
                _ => false,
            };
        }

        return node.TryGetProperty("properties", out _) || node.TryGetProperty("items", out _);
    }

    private static int ValueLength(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()!.Length : value.GetRawText().Length;

    private void Warn(string warning)
    {
        if (_warned.Add(warning))
        {
            _warnings.Add(warning);
        }
    }

    private void Add(string rule, string path, string message)
    {
        // A definition used twice is checked twice; its own faults are reported once.
        if (_reported.Add((rule, path)))
        {
            _violations.Add(new(rule, path, message));
        }
    }
}
