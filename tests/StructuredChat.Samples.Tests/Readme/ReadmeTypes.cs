// The README's code comes from the snippets in this folder (begin-snippet/end-snippet); ReadmeTests checks it.

namespace StructuredChat.Samples.Tests.Readme;

// begin-snippet: types
/// <summary>Basic facts about a company.</summary>
[ParallelResponse]
public partial record CompanyInfo(
    [property: Description("Legal name")] string Name,
    DateOnly? Founded,
    string Headquarters,
    IReadOnlyList<Founder> Founders,
    CompanySize Size);                  // enum -> string enum in the schema

public record Founder(string Name, string? Role);

public enum CompanySize
{
    Small,
    Medium,
    [JsonStringEnumMemberName("large")] Large,
}
// end-snippet

[ParallelResponse]
public partial record Weather(string City, double Temperature);
