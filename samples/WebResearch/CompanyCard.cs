using System.ComponentModel;
using StructuredChat;

namespace WebResearch;

/// <summary>What the page shows about a company.</summary>
[ParallelResponse]
public partial record CompanyCard(
    [property: Description("The company's legal name")] string Name,
    [property: Description("The founding date, or null when unknown")] DateOnly? Founded,
    [property: Description("Where the company has its headquarters")] string Headquarters,
    [property: Description("Approximate number of employees")] int? EmployeeCount,
    [property: Description("Founders and key executives")] IReadOnlyList<Person> KeyPeople,
    [property: Description("Two or three sentences on what it does")] string Summary);

/// <summary>A founder or executive.</summary>
public record Person(string Name, string Role);
