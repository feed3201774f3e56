using System.Globalization;
using StructuredChat.Generator.Tests.Infrastructure;
using StructuredChat.Generator.Tests.Oracles;
using Xunit;

namespace StructuredChat.Generator.Tests.Rules;

/// <summary>
/// Every schema the generator produces obeys every rule of Parallel's schema rules (errors and warnings), including
/// schemas right at each limit; and the rule walker itself catches each kind of violation.
/// </summary>
public sealed class ParallelSchemaRuleTests
{
    public static TheoryData<string> ProjectTypes => new(SchemaOracleTests.ProjectSchemas.Keys);

    public static TheoryData<string> LimitSources => new(AtTheLimits.Keys);

    /// <summary>Types right at one of Parallel's limits each: the generator must accept them and the rules hold.</summary>
    private static readonly IReadOnlyDictionary<string, string> AtTheLimits = new Dictionary<string, string>
    {
        ["depth 5"] = """
            [ParallelResponse]
            public partial record Root(L2 Next);
            public record L2(L3 Next);
            public record L3(L4 Next);
            public record L4(List<string> Leaves);
            """,
        ["100 properties"] = $$"""
            [ParallelResponse]
            public partial record Root({{string.Join(", ", Enumerable.Range(1, 97).Select(i => "string P" + i))}}, Inner Inner);
            public record Inner(string A, string B);
            """,
        ["500 enum values"] = $$"""
            public enum Code { {{string.Join(", ", Enumerable.Range(0, 250).Select(i => "C" + i))}} }
            [ParallelResponse]
            public partial record Root(Code First, Code Second);
            """,
        // 249 values of 30 characters and two of 15: 251 values, 7,500 characters.
        ["7,500 characters in an enum of 251 values"] = $$"""
            public enum Code { {{string.Join(", ", Enumerable.Range(0, 251).Select(i => i < 249 ? "V" + i.ToString("D29", CultureInfo.InvariantCulture) : "W" + i.ToString("D14", CultureInfo.InvariantCulture)))}} }
            [ParallelResponse]
            public partial record Root(Code Value);
            """,
        ["25,000 characters"] = $$"""
            [ParallelResponse]
            public partial class Root
            {
            {{string.Concat(Enumerable.Range(0, 25).Select(i => $"[JsonPropertyName(\"{i:D3}{new string('x', 997)}\")] public string P{i} {{ get; set; }} = \"\";\n"))}}
            }
            """,
    };

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Every_scenario_schema_obeys_the_rules(string scenario)
    {
        var schemas = TestCompiler.Run(Scenarios.Source(scenario)).AllSchemas();

        Assert.NotEmpty(schemas);
        Assert.All(schemas, schema => Assert.Empty(ParallelSchemaRules.Violations(schema.Value)));
    }

    public static TheoryData<string> ScenarioNames => Scenarios.All;

    [Theory]
    [MemberData(nameof(ProjectTypes))]
    public void Every_schema_of_this_project_obeys_the_rules(string type)
    {
        Assert.Empty(ParallelSchemaRules.Violations(SchemaOracleTests.ProjectSchemas[type]));
    }

    [Theory]
    [MemberData(nameof(LimitSources))]
    public void Schemas_at_each_limit_are_generated_and_obey_the_rules(string limit)
    {
        var run = TestCompiler.Run("""
            using System.Collections.Generic;
            using System.Text.Json.Serialization;
            using StructuredChat;

            namespace Demo;

            """ + AtTheLimits[limit]);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(ParallelSchemaRules.Violations(run.Schema("Demo.Root")));
    }

    [Theory]
    [InlineData("""{"type":"array","items":{"type":"string"}}""", "root:")]
    [InlineData("""{"anyOf":[{"type":"object","properties":{}}]}""", "root:")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"null"}},"required":["a"],"additionalProperties":false}""", "null:")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","format":"date"}},"required":["a"],"additionalProperties":false}""", "keyword: 'format'")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","items":{"type":"string"},"minItems":1}},"required":["a"],"additionalProperties":false}""", "keyword: 'minItems'")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":[],"additionalProperties":false}""", "required (warning):")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}""", "additionalProperties (warning):")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string"}},"required":["b"]}},"required":["a"],"additionalProperties":false}""", "additionalProperties (warning):")]
    public void TheWalkerCatchesEachKindOfViolation(string schema, string rule)
    {
        Assert.Contains(ParallelSchemaRules.Violations(schema), violation => violation.StartsWith(rule, StringComparison.Ordinal));
    }

    [Fact]
    public void The_walker_catches_every_rejected_keyword()
    {
        Assert.All(ParallelSchemaRules.RejectedKeywords, keyword =>
            Assert.Contains(
                $"keyword: '{keyword}' at $.a",
                ParallelSchemaRules.Violations($$$"""{"type":"object","properties":{"a":{"type":"string","{{{keyword}}}":1}},"required":["a"],"additionalProperties":false}""")));
    }

    [Fact]
    public void A_property_named_like_a_keyword_is_not_a_keyword()
    {
        Assert.Empty(ParallelSchemaRules.Violations("""{"type":"object","properties":{"format":{"type":"string"}},"required":["format"],"additionalProperties":false}"""));
    }

    [Fact]
    public void The_walker_catches_each_limit()
    {
        Assert.Contains(ParallelSchemaRules.Violations(Nested(6)), v => v.StartsWith("depth:", StringComparison.Ordinal));
        Assert.Empty(ParallelSchemaRules.Violations(Nested(5)));
        Assert.Contains(ParallelSchemaRules.Violations(Flat(101, 1)), v => v.StartsWith("properties:", StringComparison.Ordinal));
        Assert.Contains(ParallelSchemaRules.Violations(Flat(26, 1000)), v => v.StartsWith("characters:", StringComparison.Ordinal));
        Assert.Contains(ParallelSchemaRules.Violations(WithEnum(501, 1)), v => v.StartsWith("enum: 501 values", StringComparison.Ordinal));
        Assert.Contains(ParallelSchemaRules.Violations(WithEnum(251, 30)), v => v.StartsWith("enum: 251 values of", StringComparison.Ordinal));
        Assert.Empty(ParallelSchemaRules.Violations(WithEnum(500, 1)));

        static string Nested(int levels)
        {
            var schema = """{"type":"string"}""";
            for (var i = 1; i < levels; i++)
            {
                schema = $$"""{"type":"object","properties":{"n":{{schema}}},"required":["n"],"additionalProperties":false}""";
            }

            return $$"""{"type":"object","properties":{"n":{{schema}}},"required":["n"],"additionalProperties":false}""";
        }

        static string Flat(int count, int nameLength)
        {
            var names = Enumerable.Range(0, count).Select(i => i.ToString("D3", CultureInfo.InvariantCulture) + new string('x', Math.Max(0, nameLength - 3))).ToList();
            var properties = string.Join(",", names.Select(n => "\"" + n + "\":{\"type\":\"string\"}"));
            var required = string.Join(",", names.Select(n => "\"" + n + "\""));
            return "{\"type\":\"object\",\"properties\":{" + properties + "},\"required\":[" + required + "],\"additionalProperties\":false}";
        }

        static string WithEnum(int count, int valueLength)
        {
            var values = Enumerable.Range(0, count).Select(i => "\"" + i.ToString(CultureInfo.InvariantCulture).PadLeft(valueLength, 'v') + "\"");
            return $$$"""{"type":"object","properties":{"e":{"type":"string","enum":[{{{string.Join(",", values)}}}]}},"required":["e"],"additionalProperties":false}""";
        }
    }
}
