using System.Text.Json;
using System.Text.Json.Serialization;

namespace StructuredChat.Extensions.AI.Tests;

public enum CompanySize
{
    Small,
    Medium,
    Large,
}

/// <summary>A company, with every kind of value the reader fills in differently.</summary>
[ParallelResponse]
public partial record Company(
    string Name,
    int Employees,
    CompanySize Size,
    DateOnly? Founded,
    IReadOnlyList<Person> People,
    IReadOnlyList<string> Tags,
    bool Public,
    double? Revenue)
{
    // Records compare lists by reference; the tests compare answers by content.
    public virtual bool Equals(Company? other) =>
        other is not null && Json(this) == Json(other);

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <summary>The JSON System.Text.Json writes for a company with the generator's naming.</summary>
    public static string Json(Company company) => JsonSerializer.Serialize(company, SnakeCase);

    /// <summary>What System.Text.Json reads from <paramref name="json"/> with the generator's naming.</summary>
    public static Company Parse(string json) => JsonSerializer.Deserialize<Company>(json, SnakeCase)!;

    private static readonly JsonSerializerOptions SnakeCase = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };
}

public record Person(string Name, string? Role);
