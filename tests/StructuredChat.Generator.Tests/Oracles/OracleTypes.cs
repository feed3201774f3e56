using System.Collections.Immutable;
using System.ComponentModel;
using System.Text.Json.Serialization;

// Real [ParallelResponse] types compiled by this test project, which runs the generator as an analyzer: their
// schemas are checked against documents that System.Text.Json writes for instances of them. That this file
// compiles at all (warnings are errors) also shows that the generated code is warning-free in a real build.
namespace StructuredChat.Generator.Tests.Oracles;

/// <summary>A subscription tier.</summary>
public enum Tier
{
    /// <summary>No charge.</summary>
    Free,

    /// <summary>The top tier.</summary>
    [JsonStringEnumMemberName("pro-plus")]
    ProPlus,
}

/// <summary>Basic facts about a company, with every supported kind of value.</summary>
[ParallelResponse]
public partial record CompanyProfile(
    [property: Description("Legal name of the company")] string Name,
    DateOnly? Founded,
    IReadOnlyList<Founder> Founders,
    Tier Tier,
    Tier? PreviousTier,
    bool IsPublic,
    byte Byte,
    sbyte SByte,
    short Int16,
    ushort UInt16,
    int Int32,
    uint UInt32,
    long Int64,
    ulong UInt64,
    long? Revenue,
    float Score,
    double Growth,
    decimal Valuation,
    TimeOnly Opens,
    DateTime LastAudit,
    DateTimeOffset Updated,
    TimeSpan Uptime,
    Guid Id,
    Uri Website,
    Uri? Blog,
    string[] Tags,
    List<int> Numbers,
    IList<string> Aliases,
    ImmutableArray<double> Series,
    List<string?> MaybeNames,
    Address Headquarters,
    Address? Mailing,
    List<List<Tier>> TierHistory);

/// <summary>A founder.</summary>
public record Founder(string Name, string? Role);

/// <summary>A postal address (a plain class, not annotated).</summary>
public class Address
{
    /// <summary>The city.</summary>
    public string City { get; set; } = "";

    /// <summary>The street, if known.</summary>
    public string? Street { get; set; }
}

/// <summary>camelCase names, nested too.</summary>
[ParallelResponse(NamingPolicy = ParallelNamingPolicy.CamelCase)]
public partial record CamelCaseAnswer(string FoundedYear, string URLValue, CamelCaseInner Inner, IReadOnlyList<CamelCaseInner> More);

/// <summary>Nested in a camelCase answer.</summary>
public record CamelCaseInner(string IOStream, int? Name2Value);

/// <summary>A record struct answer.</summary>
[ParallelResponse]
public partial record struct Measurement(double Value, string Unit, Measurement.Bounds? Range)
{
    /// <summary>A range.</summary>
    public readonly record struct Bounds(double Low, double High);
}

/// <summary>A class with init, required, renamed and ignored properties.</summary>
[ParallelResponse(Name = "settings-v2")]
public partial class Settings
{
    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>How often to retry.</summary>
    [JsonPropertyName("retry_count")]
    public int Retries { get; set; }

    /// <summary>Never part of the answer.</summary>
    [JsonIgnore]
    public string Secret { get; set; } = "";
}

/// <summary>Collection interfaces, sets, characters and an ignored constructor parameter.</summary>
[ParallelResponse]
public partial record Shelf(
    char Section,
    char? Row,
    IEnumerable<string> Titles,
    ICollection<int> Years,
    IReadOnlyCollection<Founder> Authors,
    ISet<string> Topics,
    HashSet<char> Marks,
    [property: JsonIgnore] string Catalogued = "never");

/// <summary>Types nested in other types are supported.</summary>
public static partial class Container
{
    /// <summary>A nested answer whose basis-like property name is accepted on purpose.</summary>
#pragma warning disable SCHAT011 // the model is asked for the source it used
    [ParallelResponse]
    public partial record ResearchNote(string Topic, string Source);
#pragma warning restore SCHAT011
}
