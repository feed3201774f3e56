using System.ComponentModel;
using StructuredChat;

namespace Quickstart;

/// <summary>A short profile of a company.</summary>
[ParallelResponse]
public partial record CompanyProfile(
    [property: Description("The company's legal name")] string Name,
    [property: Description("The founding date, or null when unknown")] DateOnly? Founded,
    [property: Description("Where the company has its headquarters")] string Headquarters,
    CompanyStage Stage,
    [property: Description("Approximate number of employees")] int? EmployeeCount,
    [property: Description("Founders and key executives")] IReadOnlyList<KeyPerson> KeyPeople,
    [property: Description("Two or three sentences on what it does")] string Summary);

/// <summary>A founder or executive.</summary>
public record KeyPerson(string Name, string Role);

/// <summary>Where the company is in its life.</summary>
public enum CompanyStage
{
    Startup,
    Growth,
    Public,
    Acquired,
    Defunct,
}
