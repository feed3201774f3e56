using System.Text.Json;

namespace StructuredChat.Emulator.Tests;

/// <summary>Every error rule of Parallel's schema rules gets a 422 that names the rule and the JSON path.</summary>
public sealed class SchemaRuleTests
{
    private const string SchemaPath = "$.response_format.json_schema.schema";

    private static string Nest(int levels)
    {
        // levels = object/array schemas from the root (the root object is level 1), alternating array/object.
        var inner = """{"type":"string"}""";
        for (var level = levels; level >= 2; level--)
        {
            inner = level % 2 == 0
                ? $$"""{"type":"array","items":{{inner}}}"""
                : $$"""{"type":"object","properties":{"x":{{inner}}},"required":["x"],"additionalProperties":false}""";
        }

        return $$"""{"type":"object","properties":{"x":{{inner}}},"required":["x"],"additionalProperties":false}""";
    }

    private static string Properties(int count, Func<int, string> name) =>
        "{\"type\":\"object\",\"properties\":{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"{name(i)}\":{{\"type\":\"string\"}}")) + "}}";

    private static string Enums(params int[] sizes) =>
        "{\"type\":\"object\",\"properties\":{" + string.Join(",", sizes.Select((size, e) =>
            $"\"e{e}\":{{\"type\":\"string\",\"enum\":[{string.Join(",", Enumerable.Range(0, size).Select(i => $"\"v{i}\""))}]}}")) + "}}";

    public static TheoryData<string, string, string> Violations()
    {
        var data = new TheoryData<string, string, string>
        {
            { "root_object", """{"type":"array","items":{"type":"string"}}""", SchemaPath + ".type" },
            { "root_object", """{"anyOf":[{"type":"object","properties":{}}]}""", SchemaPath + ".anyOf" },
            { "root_object", """{"type":"object"}""", SchemaPath + ".properties" },
            { "root_object", "[]", SchemaPath },
            { "bare_null", """{"type":"object","properties":{"gone":{"type":"null"}}}""", SchemaPath + ".properties.gone.type" },
            { "bare_null", """{"type":"object","properties":{"list":{"type":"array","items":{"type":["null"]}}}}""", SchemaPath + ".properties.list.items.type" },
            { "max_depth", Nest(6), SchemaPath + ".properties.x.items.properties.x.items.properties.x" },
            { "max_properties", Properties(101, i => $"p{i}"), SchemaPath + ".properties.p100" },
            { "max_properties", """{"type":"object","properties":{"a":""" + Properties(60, i => $"p{i}") + ""","b":""" + Properties(40, i => $"q{i}") + "}}", SchemaPath + ".properties.b.properties.q38" },
            { "max_enum_values", Enums(200, 200, 101), SchemaPath + ".properties.e2.enum" },
            { "large_enum_chars", "{\"type\":\"object\",\"properties\":{\"e\":{\"type\":\"string\",\"enum\":[" + string.Join(",", Enumerable.Range(0, 251).Select(i => $"\"{i:000}{new string('v', 27)}\"")) + "]}}}", SchemaPath + ".properties.e.enum" },
            { "max_total_chars", Properties(30, i => $"n{i:00}{new string('n', 897)}"), SchemaPath + $".properties.n27{new string('n', 897)}" },
        };
        foreach (var keyword in new[]
        {
            "format", "pattern", "minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
            "contains", "minContains", "maxContains", "minProperties", "maxProperties", "patternProperties", "propertyNames",
            "unevaluatedItems", "unevaluatedProperties",
        })
        {
            data.Add("rejected_keyword", "{\"type\":\"object\",\"properties\":{\"field\":{\"type\":\"string\",\"" + keyword + "\":1}}}", $"{SchemaPath}.properties.field.{keyword}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task A_broken_rule_gets_422_naming_the_rule_and_the_path(string rule, string schema, string path)
    {
        await using var emulator = await Emulators.StartAsync();
        using var wire = new Wire(emulator);

        var (status, body, _) = await wire.SendAsync(Wire.Body(schema: schema));

        Assert.Equal(422, status);
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.Contains(error.GetProperty("detail").GetProperty("errors").EnumerateArray(),
            e => e.GetProperty("rule").GetString() == rule && e.GetProperty("path").GetString() == path);
        Assert.Contains($"[{rule}] at {path}", error.GetProperty("message").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("ref_id").GetString()));
    }

    [Fact]
    public async Task Every_violation_is_reported_not_just_the_first()
    {
        await using var emulator = await Emulators.StartAsync();
        using var wire = new Wire(emulator);

        var (status, body, _) = await wire.SendAsync(Wire.Body(schema: """
            {"type":"object","properties":{"a":{"type":"string","format":"date"},"b":{"type":"null"},"c":{"type":"integer","minimum":0,"maximum":9}}}
            """));

        Assert.Equal(422, status);
        using var json = JsonDocument.Parse(body);
        var paths = json.RootElement.GetProperty("error").GetProperty("detail").GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("path").GetString()!).Order().ToList();
        Assert.Equal(
            [SchemaPath + ".properties.a.format", SchemaPath + ".properties.b.type", SchemaPath + ".properties.c.maximum", SchemaPath + ".properties.c.minimum"],
            paths);
    }

    public static TheoryData<string> AtTheLimits() =>
    [
        Nest(5),
        Properties(100, i => $"p{i}"),
        Enums(250, 250),
        "{\"type\":\"object\",\"properties\":{\"e\":{\"type\":\"string\",\"enum\":[" + string.Join(",", Enumerable.Range(0, 251).Select(i => $"\"{i:000}{new string('v', 26)}\"")) + "]}}}",
        Properties(25, i => $"n{i:00}{new string('n', 997)}"),
        """{"type":"object","properties":{"format":{"type":"string"},"pattern":{"type":["string","null"]},"maybe":{"anyOf":[{"type":"integer"},{"type":"null"}]}}}""",
    ];

    [Theory]
    [MemberData(nameof(AtTheLimits))]
    public async Task A_schema_at_the_limits_is_accepted(string schema)
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        var content = await wire.AskAsync(Wire.Body(schema: schema));

        await SchemaAssert.ValidatesAsync(schema, content);
    }

    [Fact]
    public async Task Warnings_are_accepted_and_recorded()
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        await wire.AskAsync(Wire.Body(schema: """{"type":"object","properties":{"sources":{"type":"string"}}}"""));

        var warnings = emulator.Requests.Single().SchemaWarnings;
        Assert.Contains(warnings, w => w.Contains("'required'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("additionalProperties", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("'sources'", StringComparison.Ordinal));
    }
}
