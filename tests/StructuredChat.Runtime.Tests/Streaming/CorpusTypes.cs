using System.Collections.Immutable;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace StructuredChat.Runtime.Tests.Streaming;

// The equivalence corpus: every supported property kind, nesting, arrays of objects, nullables.

public enum CompanySize
{
    Small,
    Medium,
    [JsonStringEnumMemberName("x-large")]
    ExtraLarge,
}

[ParallelResponse]
public partial record CompanyInfo(
    [property: Description("Legal name")] string Name,
    DateOnly? Founded,
    IReadOnlyList<Person> Founders,
    CompanySize Size);

public record Person(string Name, string? Role);

[ParallelResponse]
public partial record Numbers(
    byte B,
    sbyte Sb,
    short S,
    ushort Us,
    int I,
    uint Ui,
    long L,
    ulong Ul,
    float F,
    double D,
    decimal M,
    int? NullableInt,
    double? NullableDouble);

[ParallelResponse]
public partial record Times(
    DateOnly Date,
    TimeOnly Time,
    DateTime Stamp,
    DateTimeOffset Offset,
    TimeSpan Duration,
    Guid Id,
    Uri Link,
    DateOnly? MaybeDate,
    Uri? MaybeLink,
    bool Flag,
    bool? MaybeFlag);

[ParallelResponse]
public partial record Collections(
    string[] Tags,
    List<int> Counts,
    IList<double> Scores,
    ImmutableArray<string> Names,
    IReadOnlyList<string?> Optional,
    List<List<int>> Matrix,
    List<CompanySize> Sizes,
    string[]? MaybeTags);

[ParallelResponse]
public partial record Deep(string Title, Level1 One);

public record Level1(string Name, Level2 Two, IReadOnlyList<Level2> Many);

public record Level2(int Value, string? Note);

[ParallelResponse]
public partial record WithInit
{
    public required string Title { get; init; }

    public int Count { get; init; }

    public Address? Address { get; init; }

    [JsonIgnore]
    public string Ignored { get; init; } = "ignored";
}

public sealed class Address
{
    public string Street { get; set; } = "";

    public string City { get; set; } = "";

    public string? Zip { get; set; }
}

[ParallelResponse]
public partial record struct Point(double X, double Y, string Label);

[ParallelResponse(NamingPolicy = ParallelNamingPolicy.CamelCase)]
public partial record CamelCased(string FirstName, int HTTPStatus, IReadOnlyList<Person> KeyPeople);

[ParallelResponse]
public partial record Renamed(
    [property: JsonPropertyName("full-name")] string Name,
    [property: JsonPropertyName("Age")] int Age);

[ParallelResponse]
public partial record Text(string Body, string? Note, IReadOnlyList<string> Lines);

[ParallelResponse]
public partial record Location(string City, double Temperature, Units Units);

public enum Units
{
    c,
    f,
}

// Property names that were members of Partial<T> and PartialObject before they moved to static helpers.
[ParallelResponse]
public partial record Machinery(string IsComplete, string JsonPath, int GetState, bool GetString, int Count);
