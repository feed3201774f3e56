using System.ComponentModel;
using StructuredChat;

namespace Enrichment;

/// <summary>Firmographic facts about one company.</summary>
[ParallelResponse]
public partial record CompanyFacts(
    [property: Description("The company's official website")] Uri? Website,
    [property: Description("The main industry or sector it works in")] string Industry,
    [property: Description("Where the company has its headquarters")] string Headquarters,
    [property: Description("The year the company was founded")] int? FoundedYear,
    [property: Description("Approximate number of employees")] int? EmployeeCount,
    [property: Description("Whether its shares are publicly traded")] bool IsPublic);
