using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NJsonSchema;
using Xunit;

namespace StructuredChat.Generator.Tests.Oracles;

/// <summary>
/// Independent oracles for the generated schemas: NJsonSchema must accept each schema, and the JSON that
/// System.Text.Json writes for an instance of the type (with the same naming) must validate against it, while the
/// same document missing any property, or carrying an extra one, at any level, must not.
/// </summary>
public sealed class SchemaOracleTests
{
    private static readonly JsonSerializerOptions SnakeCase = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly JsonSerializerOptions CamelCase = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Instances of the annotated types of this project, serialized as the model would answer.</summary>
    public static TheoryData<string> Instances => new(Documents.Keys);

    private static readonly IReadOnlyDictionary<string, (string Schema, string Document)> Documents = new Dictionary<string, (string, string)>
    {
        ["CompanyProfile, every value set"] = (CompanyProfile.JsonSchema, JsonSerializer.Serialize(FullProfile, SnakeCase)),
        ["CompanyProfile, optional values null"] = (CompanyProfile.JsonSchema, JsonSerializer.Serialize(
            FullProfile with
            {
                Founded = null,
                PreviousTier = null,
                Revenue = null,
                Blog = null,
                Mailing = null,
                Founders = [new Founder("Ada", null)],
                MaybeNames = [null],
                Headquarters = new Address { City = "Paris", Street = null },
            },
            SnakeCase)),
        ["CamelCaseAnswer"] = (CamelCaseAnswer.JsonSchema, JsonSerializer.Serialize(
            new CamelCaseAnswer("1999", "https://example.com", new CamelCaseInner("stdin", 3), [new CamelCaseInner("stdout", null)]),
            CamelCase)),
        ["Measurement"] = (Measurement.JsonSchema, JsonSerializer.Serialize(new Measurement(1.5, "kg", new Measurement.Bounds(1, 2)), SnakeCase)),
        ["Measurement, no range"] = (Measurement.JsonSchema, JsonSerializer.Serialize(new Measurement(1.5, "kg", null), SnakeCase)),
        ["Settings"] = (Settings.JsonSchema, JsonSerializer.Serialize(new Settings { Name = "default", Retries = 3, Secret = "s3cr3t" }, SnakeCase)),
        ["Shelf"] = (Shelf.JsonSchema, JsonSerializer.Serialize(
            new Shelf('B', null, ["Dune"], [1965], [new Founder("Frank", null)], new HashSet<string> { "sf" }, ['x', 'é'], "today"),
            SnakeCase)),
        ["ResearchNote"] = (Container.ResearchNote.JsonSchema, JsonSerializer.Serialize(new Container.ResearchNote("tides", "NOAA"), SnakeCase)),
    };

    private static CompanyProfile FullProfile => new(
        Name: "Example Corp",
        Founded: new DateOnly(1999, 12, 31),
        Founders: [new Founder("Ada", "CEO"), new Founder("Grace", null)],
        Tier: Tier.ProPlus,
        PreviousTier: Tier.Free,
        IsPublic: true,
        Byte: 255,
        SByte: -128,
        Int16: -32768,
        UInt16: 65535,
        Int32: int.MinValue,
        UInt32: uint.MaxValue,
        Int64: long.MinValue,
        UInt64: 9_000_000_000_000_000_000, // NJsonSchema throws on integers past long.MaxValue (BigInteger tokens)
        Revenue: 1_000_000,
        Score: 0.5f,
        Growth: -1.25,
        Valuation: 12345.6789m,
        Opens: new TimeOnly(9, 30),
        LastAudit: new DateTime(2024, 2, 29, 13, 45, 0, DateTimeKind.Utc),
        Updated: new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.FromHours(2)),
        Uptime: new TimeSpan(3, 4, 5, 6),
        Id: Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Website: new Uri("https://example.com/"),
        Blog: new Uri("https://blog.example.com/"),
        Tags: ["a", "b"],
        Numbers: [1, 2, 3],
        Aliases: ["EC"],
        Series: ImmutableArray.Create(1.0, 2.5),
        MaybeNames: ["x", null],
        Headquarters: new Address { City = "Berlin", Street = "Unter den Linden 1" },
        Mailing: new Address { City = "Bonn" },
        TierHistory: [[Tier.Free], [Tier.Free, Tier.ProPlus]]);

    [Theory]
    [MemberData(nameof(Instances))]
    public async Task The_serialized_instance_validates(string instance)
    {
        var (schema, document) = Documents[instance];
        var parsed = await JsonSchema.FromJsonAsync(schema, TestContext.Current.CancellationToken);

        Assert.Empty(parsed.Validate(document));
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public async Task Any_missing_property_fails_validation(string instance)
    {
        var (schema, document) = Documents[instance];
        var parsed = await JsonSchema.FromJsonAsync(schema, TestContext.Current.CancellationToken);

        var variants = WithOnePropertyRemoved(document).ToList();
        Assert.NotEmpty(variants);
        Assert.All(variants, variant => Assert.True(parsed.Validate(variant.Document).Count > 0, $"Still valid without '{variant.Path}':\n{variant.Document}"));
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public async Task An_extra_property_fails_validation(string instance)
    {
        var (schema, document) = Documents[instance];
        var parsed = await JsonSchema.FromJsonAsync(schema, TestContext.Current.CancellationToken);

        var objects = Objects(JsonNode.Parse(document)!, "$").Select(o => o.Path).ToList();
        Assert.All(objects, path =>
        {
            var copy = JsonNode.Parse(document)!;
            Objects(copy, "$").Single(o => o.Path == path).Object.Add("unexpected_extra", 1);
            Assert.True(parsed.Validate(copy.ToJsonString()).Count > 0, $"Still valid with an extra property at '{path}'");
        });
    }

    [Fact]
    public void The_UTF8_schema_is_the_schema_constant()
    {
        // The client writes JsonSchemaUtf8 into requests; it must be the very schema that the tests validate.
        Assert.Equal(CompanyProfile.JsonSchema, Utf8SchemaOf<CompanyProfile>());
        Assert.Equal(CamelCaseAnswer.JsonSchema, Utf8SchemaOf<CamelCaseAnswer>());
        Assert.Equal(Measurement.JsonSchema, Utf8SchemaOf<Measurement>());
        Assert.Equal(Settings.JsonSchema, Utf8SchemaOf<Settings>());
        Assert.Equal(Container.ResearchNote.JsonSchema, Utf8SchemaOf<Container.ResearchNote>());
        Assert.Equal("settings-v2", SchemaNameOf<Settings>());
        Assert.Equal("company_profile", SchemaNameOf<CompanyProfile>());
    }

    /// <summary>The schema of every annotated type in this project, for the rule walker.</summary>
    internal static IReadOnlyDictionary<string, string> ProjectSchemas { get; } = new Dictionary<string, string>
    {
        [nameof(CompanyProfile)] = CompanyProfile.JsonSchema,
        [nameof(CamelCaseAnswer)] = CamelCaseAnswer.JsonSchema,
        [nameof(Measurement)] = Measurement.JsonSchema,
        [nameof(Settings)] = Settings.JsonSchema,
        [nameof(Container.ResearchNote)] = Container.ResearchNote.JsonSchema,
    };

    private static string Utf8SchemaOf<T>()
        where T : IParallelResponse<T> => Encoding.UTF8.GetString(T.JsonSchemaUtf8);

    private static string SchemaNameOf<T>()
        where T : IParallelResponse<T> => T.SchemaName;

    /// <summary>One copy of <paramref name="document"/> per property at any level, without that property.</summary>
    private static IEnumerable<(string Path, string Document)> WithOnePropertyRemoved(string document)
    {
        foreach (var (path, obj) in Objects(JsonNode.Parse(document)!, "$"))
        {
            foreach (var name in obj.Select(p => p.Key).ToList())
            {
                var copy = JsonNode.Parse(document)!;
                Objects(copy, "$").Single(o => o.Path == path).Object.Remove(name);
                yield return (path + "." + name, copy.ToJsonString());
            }
        }
    }

    /// <summary>Every JSON object in the document with its path, in document order.</summary>
    private static IEnumerable<(string Path, JsonObject Object)> Objects(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return (path, obj);
                foreach (var (name, child) in obj.ToList())
                {
                    if (child is not null)
                    {
                        foreach (var nested in Objects(child, path + "." + name))
                        {
                            yield return nested;
                        }
                    }
                }

                break;

            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        foreach (var nested in Objects(item, path + "[" + i + "]"))
                        {
                            yield return nested;
                        }
                    }
                }

                break;
        }
    }
}
