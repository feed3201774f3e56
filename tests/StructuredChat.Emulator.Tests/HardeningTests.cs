using System.Text;
using System.Text.Json;

namespace StructuredChat.Emulator.Tests;

/// <summary>The emulator refuses what Parallel would: recursive and deep references, bad fault values, bodies too deep to read; its memory stays bounded.</summary>
public sealed class HardeningTests
{
    private const string SchemaPath = "$.response_format.json_schema.schema";

    private static Task<ParallelEmulator> StartAsync(int requestLogCapacity = 1_000) =>
        Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant, RequestLogCapacity = requestLogCapacity });

    /// <summary>What pydantic (and so the OpenAI Python SDK and Instructor) sends for <c>class Node: name: str; children: list[Node]</c>.</summary>
    private const string PydanticTree = """
        {"type":"object","properties":{"root":{"$ref":"#/$defs/Node"}},"required":["root"],"additionalProperties":false,
         "$defs":{"Node":{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/Node"}}},
                          "required":["name","children"],"additionalProperties":false}}}
        """;

    private static async Task<List<JsonElement>> ViolationsAsync(Wire wire, string schema)
    {
        var (status, body, _) = await wire.SendAsync(Wire.Body(schema: schema));
        Assert.True(status == 422, $"expected 422, got {status}: {body}");
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("error").GetProperty("detail").GetProperty("errors").EnumerateArray().Select(e => e.Clone())];
    }

    private static void AssertOnly(List<JsonElement> errors, string rule, string path)
    {
        var error = Assert.Single(errors);
        Assert.Equal((rule, path), (error.GetProperty("rule").GetString(), error.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task A_self_referencing_pydantic_schema_gets_422_naming_the_cycle()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var errors = await ViolationsAsync(wire, PydanticTree);

        var recursion = Assert.Single(errors, e => e.GetProperty("rule").GetString() == "recursive_ref");
        Assert.Equal(SchemaPath + ".$defs.Node.properties.children.items.$ref", recursion.GetProperty("path").GetString());
        Assert.Contains("#/$defs/Node -> #/$defs/Node", recursion.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_cycle_through_two_definitions_is_named_whole()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var errors = await ViolationsAsync(wire, """
            {"type":"object","properties":{"a":{"$ref":"#/$defs/A"}},
             "$defs":{"A":{"anyOf":[{"$ref":"#/$defs/B"},{"type":"string"}]},"B":{"anyOf":[{"$ref":"#/$defs/A"},{"type":"integer"}]}}}
            """);

        Assert.Contains(errors, e => e.GetProperty("rule").GetString() == "recursive_ref"
            && e.GetProperty("message").GetString()!.Contains("#/$defs/A -> #/$defs/B -> #/$defs/A", StringComparison.Ordinal));
    }

    /// <summary>The <c>Nest</c> shape of the schema rule tests, each level a definition of its own.</summary>
    private static string NestThroughDefinitions(int levels)
    {
        var definitions = new List<string> { "\"L" + levels + "\":{\"type\":\"string\"}" };
        for (var level = levels - 1; level >= 2; level--)
        {
            var next = $"{{\"$ref\":\"#/$defs/L{level + 1}\"}}";
            definitions.Add(level % 2 == 0
                ? $"\"L{level}\":{{\"type\":\"array\",\"items\":{next}}}"
                : $"\"L{level}\":{{\"type\":\"object\",\"properties\":{{\"x\":{next}}},\"required\":[\"x\"],\"additionalProperties\":false}}");
        }

        return """{"type":"object","properties":{"x":{"$ref":"#/$defs/L2"}},"required":["x"],"additionalProperties":false,"$defs":{""" + string.Join(",", definitions) + "}}";
    }

    [Fact]
    public async Task Depth_is_counted_through_references()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var errors = await ViolationsAsync(wire, NestThroughDefinitions(7));

        var depth = Assert.Single(errors, e => e.GetProperty("rule").GetString() == "max_depth");
        Assert.Equal(SchemaPath + ".$defs.L6", depth.GetProperty("path").GetString());
        Assert.Contains("level 6", depth.GetProperty("message").GetString());
        Assert.Contains("'#/$defs/L2' at " + SchemaPath + ".properties.x.$ref", depth.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Properties_are_counted_per_use_of_a_definition()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        var sixty = string.Join(",", Enumerable.Range(0, 60).Select(i => $"\"p{i}\":{{\"type\":\"string\"}}"));

        var errors = await ViolationsAsync(wire, """
            {"type":"object","properties":{"ceo":{"$ref":"#/$defs/Person"},"cfo":{"$ref":"#/$defs/Person"}},"$defs":{"Person":{"type":"object","properties":{
            """ + sixty + "}}}}");

        Assert.Contains(errors, e => e.GetProperty("rule").GetString() == "max_properties");
    }

    [Theory]
    [InlineData("#/$defs/Missing")]
    [InlineData("https://example.com/schema.json")]
    public async Task A_reference_that_does_not_resolve_gets_422(string reference)
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var errors = await ViolationsAsync(wire, """{"type":"object","properties":{"a":{"$ref":""" + "\"" + reference + "\"" + """}},"$defs":{"Other":{"type":"string"}}}""");

        AssertOnly(errors, "unresolved_ref", SchemaPath + ".properties.a.$ref");
    }

    [Fact]
    public async Task A_rejected_keyword_inside_a_definition_is_reported_once_where_it_is_written()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var errors = await ViolationsAsync(wire, """
            {"type":"object","properties":{"a":{"$ref":"#/$defs/Day"},"b":{"$ref":"#/$defs/Day"}},"$defs":{"Day":{"type":"string","format":"date"}}}
            """);

        AssertOnly(errors, "rejected_keyword", SchemaPath + ".$defs.Day.format");
    }

    [Fact]
    public async Task References_that_multiply_are_refused_without_hanging()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        // D0 uses D1 twice, D1 uses D2 twice, ...: 2^40 subschemas when expanded.
        var definitions = Enumerable.Range(0, 40).Select(i => $"\"D{i}\":{{\"anyOf\":[{{\"$ref\":\"#/$defs/D{i + 1}\"}},{{\"$ref\":\"#/$defs/D{i + 1}\"}}]}}")
            .Append("\"D40\":{\"type\":\"string\"}");
        var errors = await ViolationsAsync(wire, """{"type":"object","properties":{"a":{"$ref":"#/$defs/D0"}},"$defs":{""" + string.Join(",", definitions) + "}}");

        Assert.Contains(errors, e => e.GetProperty("rule").GetString() == "ref_expansion");
    }

    public static TheoryData<string> ReferencingSchemasAtTheLimit() =>
    [
        NestThroughDefinitions(5),
        SchemaCorpus.All["definitions_ref"],
        """
        {"type":"object","properties":{"people":{"type":"array","items":{"$ref":"#/$defs/Person"}},"lead":{"anyOf":[{"$ref":"#/$defs/Person"},{"type":"null"}]}},
         "required":["people","lead"],"additionalProperties":false,
         "$defs":{"Person":{"type":"object","properties":{"name":{"type":"string"},"roles":{"type":"array","items":{"$ref":"#/$defs/Role"}}},"required":["name","roles"],"additionalProperties":false},
                  "Role":{"type":"object","properties":{"title":{"type":"string"}},"required":["title"],"additionalProperties":false}}}
        """,
    ];

    [Theory]
    [MemberData(nameof(ReferencingSchemasAtTheLimit))]
    public async Task Answers_to_referencing_schemas_validate_and_keep_to_the_depth_rule(string schema)
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        for (var i = 0; i < 10; i++)
        {
            var content = await wire.AskAsync(Wire.Body(schema: schema, prompt: $"Question {i}"));

            // NJsonSchema resolves references between definitions only under the draft-7 name.
            await SchemaAssert.ValidatesAsync(schema.Replace("$defs", "definitions", StringComparison.Ordinal), content);
            using var answer = JsonDocument.Parse(content);
            Assert.True(ContainerDepth(answer.RootElement) <= 5, $"the answer nests {ContainerDepth(answer.RootElement)} levels: {content}");
        }
    }

    private static int ContainerDepth(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => 1 + value.EnumerateObject().Select(p => ContainerDepth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + value.EnumerateArray().Select(ContainerDepth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    [Fact]
    public async Task A_schema_nested_a_thousand_levels_gets_422_saying_it_is_too_deep()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        var schema = new StringBuilder("{\"type\":\"string\"}");
        for (var i = 0; i < 1_000; i++)
        {
            schema.Insert(0, "{\"type\":\"object\",\"properties\":{\"x\":").Append("}}");
        }

        // Written as text: JsonNode (behind Wire.Body) cannot hold a document this deep either.
        var request = """{"model":"base","messages":[{"role":"user","content":"Deep."}],"response_format":{"type":"json_schema","json_schema":{"name":"deep","schema":"""
            + schema + "}}}";
        var (status, body, _) = await wire.SendAsync(request);

        Assert.Equal(422, status);
        using var json = JsonDocument.Parse(body);
        var error = Assert.Single(json.RootElement.GetProperty("error").GetProperty("detail").GetProperty("errors").EnumerateArray());
        Assert.Equal("max_depth", error.GetProperty("rule").GetString());
        Assert.Contains("too deep", error.GetProperty("message").GetString());
        Assert.DoesNotContain("not valid JSON", body);
    }

    [Fact]
    public async Task Broken_JSON_is_still_called_broken()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var (status, body, _) = await wire.SendAsync("{\"model\":\"base\",");

        Assert.Equal(422, status);
        Assert.Contains("not valid JSON", body);
    }

    public static TheoryData<string, string> BadFaultValues() => new()
    {
        { "stall=99999999999", "at most 3600 seconds" },
        { "stall=Infinity", "duration in seconds" },
        { "stall=-1", "duration in seconds" },
        { "stall", "needs a duration" },
        { "drop=99999999999999999999", "whole number of bytes" },
        { "drop=-5", "whole number of bytes" },
        { "600", "from 400 to 599" },
        { "openai-error=200", "from 400 to 599" },
        { "fastapi-detail=table", "'list' or 'string'" },
        { "prose=1", "takes no value" },
        { "explode", "'explode' is not a fault" },
    };

    [Theory]
    [MemberData(nameof(BadFaultValues))]
    public async Task A_bad_fault_value_gets_400_that_says_why(string fault, string reason)
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var (status, body, _) = await wire.SendAsync(Wire.Body(), fault: fault);

        Assert.Equal(400, status);
        using var json = JsonDocument.Parse(body);
        var message = json.RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains(fault, message);
        Assert.Contains(reason, message);
    }

    [Fact]
    public void A_stall_longer_than_the_maximum_is_refused_by_the_factory_too()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.Stall(EmulatorFault.MaxStall + TimeSpan.FromSeconds(1)));
        Assert.Equal(EmulatorFault.MaxStall, EmulatorFault.Stall(EmulatorFault.MaxStall).Duration);
    }

    [Fact]
    public async Task The_request_log_keeps_only_the_last_N_requests()
    {
        await using var emulator = await StartAsync(requestLogCapacity: 3);
        using var wire = new Wire(emulator);

        for (var i = 0; i < 5; i++)
        {
            await wire.AskAsync(Wire.Body(prompt: $"Question {i}"));
        }

        Assert.Equal(5, emulator.RequestCount);
        Assert.Equal(["Question 2", "Question 3", "Question 4"], emulator.Requests.Select(r => r.Prompt));
    }

    [Fact]
    public void The_request_log_has_a_bounded_default()
    {
        Assert.Equal(1_000, new ParallelEmulatorOptions().RequestLogCapacity);
    }
}
