using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using StructuredChat.Emulator.Validation;

namespace StructuredChat.Emulator.Synthesis;

/// <summary>
/// Deterministic answers: the same seed and schema always give the same text. A JSON answer validates against
/// its schema (every property is written, enums pick a member, arrays get 1 to 3 elements, unions pick a branch).
/// Answers keep to Parallel's depth rule: once objects and arrays are nested <see cref="SchemaRules.MaxDepth"/>
/// levels, a union or a type list that allows a scalar or null gets one instead of another container (a schema
/// that forces deeper nesting, or recurses, never gets here: validation refuses it).
/// </summary>
internal sealed class AnswerSynthesizer
{
    /// <summary>Writes JSON the way a model does: non-ASCII as is, only what JSON requires escaped (plus characters outside the BMP, as <c>\uXXXX\uXXXX</c>).</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const int MaxRefDepth = 16;

    private readonly SeededRandom _random;
    private readonly JsonElement _root;
    private int _refDepth;
    private int _depth;

    private AnswerSynthesizer(SeededRandom random, JsonElement root)
    {
        _random = random;
        _root = root;
    }

    /// <summary>A JSON document that validates against <paramref name="schema"/>.</summary>
    public static string ForSchema(JsonElement schema, SeededRandom random) =>
        Write(writer => new AnswerSynthesizer(random, schema).WriteValue(writer, schema, "", ""));

    /// <summary>An answer for <c>json_object</c>: a small object about the prompt.</summary>
    public static string ForJsonObject(string prompt, SeededRandom random) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("question", prompt);
        writer.WriteString("answer", random.Pick(WordBank.Sentences));
        writer.WriteStartArray("key_points");
        for (var i = random.Next(1, 3); i > 0; i--)
        {
            writer.WriteStringValue(random.Pick(WordBank.Sentences));
        }

        writer.WriteEndArray();
        writer.WriteNumber("year", random.Next(1990, 2025));
        writer.WriteEndObject();
    });

    /// <summary>A short paragraph of prose: 3 to 5 different sentences.</summary>
    public static string Paragraph(SeededRandom random) => DistinctSentences(random, 3, 5);

    private static string DistinctSentences(SeededRandom random, int min, int max)
    {
        var pool = WordBank.Sentences.ToList();
        var picked = new List<string>();
        for (var n = random.Next(min, max); n > 0; n--)
        {
            var index = random.Next(0, pool.Count - 1);
            picked.Add(pool[index]);
            pool.RemoveAt(index);
        }

        return string.Join(" ", picked);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void WriteValue(Utf8JsonWriter writer, JsonElement schema, string name, string context)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            // `true` or `{}`-like schemas accept anything.
            writer.WriteStringValue(StringFor(name, "", context));
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String && _refDepth < MaxRefDepth
            && TryResolve(reference.GetString()!, out var target))
        {
            _refDepth++;
            WriteValue(writer, target, name, context);
            _refDepth--;
            return;
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            constant.WriteTo(writer);
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            values[_random.Next(0, values.GetArrayLength() - 1)].WriteTo(writer);
            return;
        }

        foreach (var union in (ReadOnlySpan<string>)["anyOf", "oneOf", "allOf"])
        {
            if (schema.TryGetProperty(union, out var branches) && branches.ValueKind == JsonValueKind.Array && branches.GetArrayLength() > 0)
            {
                // allOf: the first branch stands for all (Parallel's rules leave no room for conflicting branches).
                var index = union == "allOf" ? 0 : PickBranch(branches);
                WriteValue(writer, branches[index], name, context);
                return;
            }
        }

        var description = schema.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
        switch (PickType(schema))
        {
            case "object":
                WriteObject(writer, schema, name);
                break;
            case "array":
                WriteArray(writer, schema, name, context);
                break;
            case "integer":
                writer.WriteNumberValue(IntegerFor(name, description));
                break;
            case "number":
                writer.WriteNumberValue(NumberFor(name, description));
                break;
            case "boolean":
                writer.WriteBooleanValue(_random.Chance(0.5));
                break;
            case "null":
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(StringFor(name, description, context));
                break;
        }
    }

    // Prefer a non-null branch: answers full of nulls exercise little. At the depth limit, prefer one that opens no container.
    private int PickBranch(JsonElement branches)
    {
        var count = branches.GetArrayLength();
        if (AtDepthLimit && Enumerable.Range(0, count).Where(i => !OpensContainer(branches[i])).ToList() is { Count: > 0 } flat)
        {
            return _random.Pick(flat);
        }

        var nonNull = Enumerable.Range(0, count).Where(i => PickTypeNames(branches[i]) is not ["null"]).ToList();
        return nonNull.Count == 0 || (nonNull.Count < count && _random.Chance(0.15)) ? _random.Next(0, count - 1) : _random.Pick(nonNull);
    }

    private string PickType(JsonElement schema)
    {
        var types = PickTypeNames(schema);
        if (types.Length == 0)
        {
            return schema.TryGetProperty("properties", out _) ? "object" : schema.TryGetProperty("items", out _) ? "array" : "string";
        }

        if (AtDepthLimit && types.Where(t => t is not ("object" or "array")).ToArray() is { Length: > 0 } scalars)
        {
            types = scalars;
        }

        var nonNull = types.Where(t => t != "null").ToArray();
        if (nonNull.Length == 0 || (nonNull.Length < types.Length && _random.Chance(0.15)))
        {
            return "null";
        }

        return _random.Pick(nonNull);
    }

    private bool AtDepthLimit => _depth >= SchemaRules.MaxDepth;

    private bool OpensContainer(JsonElement schema)
    {
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String
            && TryResolve(reference.GetString()!, out var target))
        {
            schema = target;
        }

        var types = PickTypeNames(schema);
        return types.Length == 0
            ? schema.ValueKind == JsonValueKind.Object && (schema.TryGetProperty("properties", out _) || schema.TryGetProperty("items", out _))
            : types.All(t => t is "object" or "array");
    }

    private static string[] PickTypeNames(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return [];
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => [type.GetString()!],
            JsonValueKind.Array => [.. type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)],
            _ => [],
        };
    }

    private void WriteObject(Utf8JsonWriter writer, JsonElement schema, string name)
    {
        _depth++;
        writer.WriteStartObject();
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                writer.WritePropertyName(property.Name);
                WriteValue(writer, property.Value, property.Name, name);
            }
        }

        writer.WriteEndObject();
        _depth--;
    }

    private void WriteArray(Utf8JsonWriter writer, JsonElement schema, string name, string context)
    {
        _depth++;
        writer.WriteStartArray();
        if (schema.TryGetProperty("prefixItems", out var prefix) && prefix.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in prefix.EnumerateArray())
            {
                WriteValue(writer, item, name, context);
            }
        }
        else
        {
            var items = schema.TryGetProperty("items", out var i) ? i : default;
            for (var n = _random.Next(1, 3); n > 0; n--)
            {
                WriteValue(writer, items, Singular(name), name);
            }
        }

        writer.WriteEndArray();
        _depth--;
    }

    private static string Singular(string name) => name.EndsWith('s') && name.Length > 1 ? name[..^1] : name;

    private string StringFor(string name, string description, string context)
    {
        var key = name;
        var about = name + " " + description;
        var people = Has(context + " " + about, "person", "people", "founder", "ceo", "executive", "author", "member", "contact", "employee", "director", "manager", "leader", "owner");

        if (Has(about, "date-time", "datetime", "timestamp") || (Has(about, "date") && Has(about, "time") && !Has(about, "update")))
        {
            return Date().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        if (Has(about, "date", "yyyy-mm-dd", "iso 8601", "iso-8601", "founded", "born", "birthday", "deadline"))
        {
            return Date().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (Has(key, "year"))
        {
            return _random.Next(1950, 2025).ToString(CultureInfo.InvariantCulture);
        }

        return about switch
        {
            _ when Has(about, "url", "uri", "website", "link", "homepage", "domain") => $"https://www.{Slug(_random.Pick(WordBank.Companies))}.example.com/",
            _ when Has(about, "email", "e-mail") => $"{Slug(_random.Pick(WordBank.FirstNames))}@{Slug(_random.Pick(WordBank.Companies))}.example.com",
            _ when Has(about, "phone", "telephone") => $"+41 44 {_random.Next(100, 999)} {_random.Next(10, 99)} {_random.Next(10, 99)}",
            _ when Has(about, "uuid", "guid") => Guid(),
            _ when Has(key, "time") => $"{_random.Next(0, 23):00}:{_random.Next(0, 59):00}:00",
            _ when Has(about, "currency") => _random.Pick(WordBank.Currencies),
            _ when Has(about, "country", "nation") => _random.Pick(WordBank.Countries),
            _ when Has(about, "city", "headquarters", "location", "address", "place") => $"{_random.Pick(WordBank.Cities)}, {_random.Pick(WordBank.Countries)}",
            _ when Has(key, "title", "role", "position", "job") && people => _random.Pick(WordBank.Roles),
            _ when Has(about, "company", "organization", "organisation", "employer", "vendor", "competitor", "customer", "brand", "publisher") && !people => _random.Pick(WordBank.Companies),
            _ when Has(key, "name") && people => $"{_random.Pick(WordBank.FirstNames)} {_random.Pick(WordBank.LastNames)}",
            _ when Has(key, "name") => _random.Pick(WordBank.Companies),
            _ when Has(about, "language") => _random.Pick(WordBank.Languages),
            _ when Has(about, "industry", "sector", "category") => _random.Pick(WordBank.Industries),
            _ when Has(about, "status", "state") => _random.Pick(WordBank.Statuses),
            _ when Has(about, "color", "colour") => _random.Pick(WordBank.Colors),
            _ when Has(about, "ticker", "symbol") => new string([.. Enumerable.Range(0, 4).Select(_ => (char)('A' + _random.Next(0, 25)))]),
            _ when Has(key, "id", "code", "identifier") => $"ID-{_random.Next(1000, 99999)}",
            _ when Has(about, "summary", "description", "overview", "explanation", "notes", "bio", "answer", "text", "details", "comment", "reason") => Sentences(1, 2),
            _ => Phrase(),
        };
    }

    private long IntegerFor(string name, string description)
    {
        var about = name + " " + description;
        return about switch
        {
            _ when Has(about, "year", "founded") => _random.Next(1950, 2025),
            _ when Has(about, "age") => _random.Next(21, 85),
            _ when Has(about, "percent", "percentage", "%") => _random.Next(0, 100),
            _ when Has(about, "rating", "score", "rank") => _random.Next(1, 10),
            _ when Has(about, "employee", "headcount", "staff", "population", "count", "number", "total") => _random.Next(10, 50_000),
            _ => _random.Next(1, 1_000),
        };
    }

    private double NumberFor(string name, string description)
    {
        var about = name + " " + description;
        return about switch
        {
            _ when Has(about, "latitude") => Math.Round(_random.NextDouble() * 180 - 90, 4),
            _ when Has(about, "longitude") => Math.Round(_random.NextDouble() * 360 - 180, 4),
            _ when Has(about, "percent", "percentage", "ratio", "share", "margin", "rate") => Math.Round(_random.NextDouble() * 100, 1),
            _ when Has(about, "price", "revenue", "amount", "cost", "valuation", "income", "sales", "funding", "usd", "eur") => Math.Round(1_000 + _random.NextDouble() * 9_999_000, 2),
            _ when Has(about, "rating", "score") => Math.Round(1 + _random.NextDouble() * 4, 1),
            _ => Math.Round(_random.NextDouble() * 1_000, 2),
        };
    }

    private DateTime Date() => new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc)
        .AddDays(_random.Next(0, 12_400)).AddMinutes(_random.Next(0, 24 * 60 - 1));

    private string Guid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, _random.NextUInt64());
        BitConverter.TryWriteBytes(bytes[8..], _random.NextUInt64());
        return new Guid(bytes).ToString();
    }

    private string Sentences(int min, int max) => DistinctSentences(_random, min, max);

    private string Phrase()
    {
        var words = Enumerable.Range(0, _random.Next(2, 4)).Select(_ => _random.Pick(WordBank.Words)).ToArray();
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(" ", words);
    }

    private static string Slug(string text) =>
        new([.. text.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);

    /// <summary>
    /// Whether <paramref name="text"/> (a property name, a description, or both) mentions one of <paramref name="words"/>:
    /// a plain word matches a whole word of the text (snake_case, kebab-case and camelCase split, a plural <c>s</c>
    /// ignored), so <c>id</c> does not match <c>provider</c>; a word with other characters (<c>iso 8601</c>) matches anywhere.
    /// </summary>
    private static bool Has(string text, params ReadOnlySpan<string> words)
    {
        var tokens = Tokens(text);
        var lower = text.ToLowerInvariant();
        foreach (var word in words)
        {
            if (word.All(char.IsAsciiLetterLower) ? tokens.Contains(word) || tokens.Contains(word + "s") : lower.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> Tokens(string text)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var current = new StringBuilder();
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var boundary = !char.IsLetterOrDigit(c) || (char.IsUpper(c) && i > 0 && char.IsLower(text[i - 1]));
            if (boundary && current.Length > 0)
            {
                tokens.Add(current.ToString().ToLowerInvariant());
                current.Clear();
            }

            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
        }

        return tokens;
    }

    private bool TryResolve(string reference, out JsonElement target)
    {
        target = _root;
        if (!reference.StartsWith("#", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var raw in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(segment, out target))
            {
                return false;
            }
        }

        return true;
    }
}
