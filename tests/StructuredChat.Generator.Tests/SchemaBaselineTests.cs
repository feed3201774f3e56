using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using StructuredChat.Generator.Tests.Infrastructure;
using Xunit;

namespace StructuredChat.Generator.Tests;

/// <summary>
/// Snapshot tests: every file generated for a scenario matches its reviewed baseline, the generated code compiles
/// without errors or warnings, and one assertion states the fact the scenario is about.
/// </summary>
public sealed class SchemaBaselineTests
{
    [Fact]
    public void IntegerTypes()
    {
        var properties = PropertiesOf(Generate(Scenarios.IntegerTypes), "Demo.IntegerTypes");

        Assert.All(properties, p => Assert.Equal("integer", (string?)p.Value!["type"]));
        Assert.Equal("integer from 0 to 255", (string?)properties["byte"]!["description"]);
        Assert.Equal("integer from -128 to 127", (string?)properties["s_byte"]!["description"]);
        Assert.Equal(8, properties.Count);
    }

    [Fact]
    public void StringBoolAndFloatingPoint()
    {
        var properties = PropertiesOf(Generate(Scenarios.StringBoolAndFloatingPoint), "Demo.Measurements");

        Assert.Equal(
            ["string", "boolean", "number", "number", "number"],
            properties.Select(p => (string?)p.Value!["type"]));
    }

    [Fact]
    public void Enums()
    {
        var schema = Generate(Scenarios.Enums).Schema("Demo.Shirt");

        Assert.Contains("\"size\":{\"type\":\"string\",\"enum\":[\"Small\",\"x-large\"]}", schema, StringComparison.Ordinal);
        Assert.Contains("\"alternative_size\":{\"type\":[\"string\",\"null\"],\"enum\":[\"Small\",\"x-large\",null]}", schema, StringComparison.Ordinal);
    }

    [Fact]
    public void DatesTimesAndIdentifiers()
    {
        var properties = PropertiesOf(Generate(Scenarios.DatesTimesAndIdentifiers), "Demo.Event");

        // Parallel rejects "format", so the expected format travels in the description of a plain string.
        Assert.All(properties, p =>
        {
            Assert.Equal("string", (string?)p.Value!["type"]);
            Assert.NotNull((string?)p.Value["description"]);
            Assert.Null(p.Value["format"]);
        });
        Assert.Equal("ISO 8601 date, YYYY-MM-DD", (string?)properties["day"]!["description"]);
    }

    [Fact]
    public void NullableForms()
    {
        var properties = PropertiesOf(Generate(Scenarios.NullableForms), "Demo.Optionals");

        Assert.All(properties, p =>
        {
            var type = Assert.IsType<JsonArray>(p.Value!["type"]);
            Assert.Equal(2, type.Count);
            Assert.Equal("null", (string?)type[1]);
        });
        Assert.Equal(23, properties.Count);
    }

    [Fact]
    public void Collections()
    {
        var properties = PropertiesOf(Generate(Scenarios.Collections), "Demo.Collections");

        Assert.All(properties, p => Assert.Equal("array", (string?)p.Value!["type"]));
        Assert.Equal("[\"string\",\"null\"]", properties["nullable_elements"]!["items"]!["type"]!.ToJsonString());
        Assert.Equal("integer", (string?)properties["jagged"]!["items"]!["items"]!["type"]);
        Assert.Equal("object", (string?)properties["read_only_list"]!["items"]!["type"]);
        // The array keeps its own description; the expected format of the elements goes to the items.
        Assert.Equal("Public holidays", (string?)properties["holidays"]!["description"]);
        Assert.Equal("ISO 8601 date, YYYY-MM-DD", (string?)properties["holidays"]!["items"]!["description"]);
    }

    [Fact]
    public void NestedRecordsAndClasses()
    {
        var properties = PropertiesOf(Generate(Scenarios.NestedRecordsAndClasses), "Demo.Company");

        var address = """{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}},"required":["street","city"],"additionalProperties":false}""";
        Assert.Equal(address, properties["headquarters"]!.ToJsonString());
        Assert.Equal(address, properties["offices"]!["items"]!.ToJsonString());
        Assert.Equal(address.Replace("\"type\":\"object\"", "\"type\":[\"object\",\"null\"]", StringComparison.Ordinal), properties["contact"]!["properties"]!["mailing"]!.ToJsonString());
    }

    [Fact]
    public void PositionalRecordWithDocs()
    {
        var schema = JsonNode.Parse(Generate(Scenarios.PositionalRecordWithDocs).Schema("Demo.CompanyInfo"))!;

        Assert.Equal("Basic facts about a company.", (string?)schema["description"]);
        Assert.Equal("Legal name of the company", (string?)schema["properties"]!["name"]!["description"]);
        Assert.Equal("Year the company was founded, if known. (ISO 8601 date, YYYY-MM-DD)", (string?)schema["properties"]!["founded"]!["description"]);
        Assert.Equal(["name", "founded", "founders", "size"], schema["required"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void InheritedProperties()
    {
        var properties = PropertiesOf(Generate(Scenarios.InheritedProperties), "Demo.Derived");

        // Base properties first; a 'new' or 'override' property replaces the base one with its own type and name.
        Assert.Equal(
            "name:string,value:integer,title:string,extra:string",
            string.Join(",", properties.Select(p => p.Key + ":" + (string?)p.Value!["type"])));
    }

    [Fact]
    public void InitAndRequiredProperties()
    {
        var schema = JsonNode.Parse(Generate(Scenarios.InitAndRequiredProperties).Schema("Demo.Settings"))!;

        // Ignored, non-public and static properties are not part of the answer.
        Assert.Equal(["name", "retries", "comment"], schema["required"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void RecordStructs()
    {
        var run = Generate(Scenarios.RecordStructs);

        var quote = JsonNode.Parse(run.Schema("Demo.Quote"))!;
        Assert.Equal("[\"object\",\"null\"]", quote["properties"]!["price"]!["properties"]!["gross"]!["type"]!.ToJsonString());
        Assert.Contains("partial record struct Price", run.Source("Demo.Price.Schema.g.cs"), StringComparison.Ordinal);
        Assert.Contains("readonly partial record struct Quote", run.Source("Demo.Quote.Schema.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void DescriptionAttributes()
    {
        var descriptions = Descriptions(Generate(Scenarios.DescriptionAttributes).Schema("Demo.Location"));

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["$"] = "Where a company sits",
                ["name"] = "Name on the parameter",
                ["alias"] = "Name on the property",
                ["launched"] = "Launch \"date\"\nsee notes (ISO 8601 date, YYYY-MM-DD)",
                ["address"] = "A postal address",
                ["address.city"] = null,
                ["registered"] = "Registered office",
                ["registered.city"] = null,
                ["note"] = "Set after construction",
            },
            descriptions);
    }

    [Fact]
    public void XmlDocComments()
    {
        var descriptions = Descriptions(Generate(Scenarios.XmlDocComments).Schema("Demo.Product"));

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["$"] = "A product, see Vendor and Sku.",
                ["sku"] = "The stock-keeping unit, for example AB-12.",
                ["vendor"] = "Who sells it.",
                ["vendor.name"] = "The seller's trading name.",
                ["stock"] = "Units in stock. Counted nightly. Never negative.",
            },
            descriptions);
    }

    [Fact]
    public void NamingPolicies()
    {
        var run = Generate(Scenarios.NamingPolicies);

        Assert.Equal("founded_year,url_value,name2_value,inner:url_value,io_stream", Names(run.Schema("Demo.SnakeCase")));
        Assert.Equal("foundedYear,urlValue,name2Value,inner:urlValue,ioStream", Names(run.Schema("Demo.CamelCase")));
        Assert.Equal("FoundedYear,URLValue,Name2Value,Inner:URLValue,IOStream", Names(run.Schema("Demo.AsWritten")));

        static string Names(string schema)
        {
            var properties = JsonNode.Parse(schema)!["properties"]!.AsObject();
            var inner = properties.Last().Value!["properties"]!.AsObject();
            return string.Join(",", properties.Select(p => p.Key)) + ":" + string.Join(",", inner.Select(p => p.Key));
        }
    }

    [Fact]
    public void JsonPropertyNameAndIgnore()
    {
        var schema = JsonNode.Parse(Generate(Scenarios.JsonPropertyNameAndIgnore).Schema("Demo.Renamed"))!;

        Assert.Equal(["ticker", "kept", "sometimes_written"], schema["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void ContainingTypes()
    {
        var run = Generate(Scenarios.ContainingTypes);

        Assert.Equal("answer", run.SchemaName("Demo.Nested.Outer+Middle+Answer"));
        Assert.All(run.Result.GeneratedSources, source => Assert.StartsWith("Demo.Nested.Outer.Middle.Answer.", source.HintName, StringComparison.Ordinal));
    }

    [Fact]
    public void GlobalNamespace()
    {
        var run = Generate(Scenarios.GlobalNamespace);

        Assert.Equal("global_answer", run.SchemaName("GlobalAnswer"));
        Assert.DoesNotContain("namespace", run.Source("GlobalAnswer.Schema.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void KeywordIdentifiers()
    {
        var run = Generate(Scenarios.KeywordIdentifiers);

        // '@' stays in code and leaves the hint name and the JSON names.
        Assert.Equal(
            ["Demo.event.static.class.Extensions.g.cs", "Demo.event.static.class.Schema.g.cs", "Demo.event.static.class.Streaming.g.cs", "Demo.event.struct.Extensions.g.cs"],
            run.Result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.Equal(
            """{"type":"object","properties":{"int":{"type":"string"},"struct":{"type":"object","properties":{"bool":{"type":"boolean"}},"required":["bool"],"additionalProperties":false}},"required":["int","struct"],"additionalProperties":false}""",
            run.Schema("Demo.event.static+class"));
    }

    [Fact]
    public void ExplicitSchemaName()
    {
        Assert.Equal("Custom-Name_2", Generate(Scenarios.ExplicitSchemaName).SchemaName("Demo.Renamed"));
    }

    [Fact]
    public void InterfaceAndSetCollections()
    {
        var properties = PropertiesOf(Generate(Scenarios.InterfaceAndSetCollections), "Demo.Catalog");

        Assert.Equal(
            ["\"array\"", "\"array\"", "\"array\"", "\"array\"", "\"array\"", "[\"array\",\"null\"]"],
            properties.Select(p => p.Value!["type"]!.ToJsonString()));
        Assert.Equal("object", (string?)properties["tags"]!["items"]!["type"]);
        Assert.Equal("integer", (string?)properties["years"]!["items"]!["type"]);
    }

    [Fact]
    public void Characters()
    {
        var properties = PropertiesOf(Generate(Scenarios.Characters), "Demo.Grade");

        Assert.Equal("""{"type":"string","description":"one character"}""", properties["letter"]!.ToJsonString());
        Assert.Equal("""{"type":["string","null"],"description":"one character"}""", properties["modifier"]!.ToJsonString());
        Assert.Equal("""{"type":"string","description":"one character"}""", properties["marks"]!["items"]!.ToJsonString());
    }

    [Fact]
    public void ComputedProperties()
    {
        var run = Generate(Scenarios.ComputedProperties);

        // Get-only properties with no constructor parameter are computed from the others, as [JsonIgnore] ones they are left out.
        var person = PropertiesOf(run, "Demo.Person");
        Assert.Equal(["first", "last", "note"], person.Select(p => p.Key));
        Assert.Equal(["text"], person["note"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["text"], PropertiesOf(run, "Demo.Answer").Select(p => p.Key));
    }

    [Fact]
    public void IgnoredConstructorParameters()
    {
        var run = Generate(Scenarios.IgnoredConstructorParameters);

        Assert.Equal(["headline"], PropertiesOf(run, "Demo.Article").Select(p => p.Key));
        Assert.Equal(["text", "priority"], PropertiesOf(run, "Demo.Memo").Select(p => p.Key));
        Assert.Equal(["title", "body"], PropertiesOf(run, "Demo.Story").Select(p => p.Key));
    }

    /// <summary>Runs the generator, checks the baselines and that the generated code is clean; returns the run.</summary>
    private static GeneratorRun Generate(string source, [CallerMemberName] string testName = "")
    {
        var run = TestCompiler.Run(source);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.ProblemsInGeneratedCode);
        Baseline.Match(testName, run);
        return run;
    }

    /// <summary>The description of the root (<c>$</c>) and of every property, by dotted JSON path.</summary>
    private static Dictionary<string, string?> Descriptions(string schema)
    {
        var result = new Dictionary<string, string?>();
        var root = JsonNode.Parse(schema)!;
        result["$"] = (string?)root["description"];
        Add(root, string.Empty);
        return result;

        void Add(JsonNode node, string path)
        {
            foreach (var (name, property) in node["properties"]!.AsObject())
            {
                var propertyPath = path.Length == 0 ? name : path + "." + name;
                result[propertyPath] = (string?)property!["description"];
                if (property["properties"] is not null)
                {
                    Add(property, propertyPath);
                }
            }
        }
    }

    private static JsonObject PropertiesOf(GeneratorRun run, string typeName) =>
        JsonNode.Parse(run.Schema(typeName))!["properties"]!.AsObject();
}
