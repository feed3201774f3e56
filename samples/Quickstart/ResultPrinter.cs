using StructuredChat;

namespace Quickstart;

/// <summary>Prints the typed answer, each field with its confidence and citations from the research basis.</summary>
internal static class ResultPrinter
{
    private const string Indent = "                ";

    public static void Print(ParallelResponse<CompanyProfile> response)
    {
        var profile = response.Value;
        var basis = response.Basis;
        Field("Name", profile.Name, basis.Name);
        Field("Founded", profile.Founded?.ToString("yyyy-MM-dd") ?? "unknown", basis.Founded);
        Field("Headquarters", profile.Headquarters, basis.Headquarters);
        Field("Stage", profile.Stage.ToString(), basis.Stage);
        Field("Employees", profile.EmployeeCount?.ToString("N0") ?? "unknown", basis.EmployeeCount);
        Field("Key people", $"{profile.KeyPeople.Count} listed", ResearchBasis.ForSelf(basis.KeyPeople));
        for (var i = 0; i < profile.KeyPeople.Count; i++)
        {
            var person = profile.KeyPeople[i];
            // The Chat API cites the person; the Responses API cites the values inside it (the name first).
            Field("", $"{i + 1}. {person.Name}, {person.Role}", basis.KeyPeople[i] ?? basis.KeyPeople.Element(i).Name);
        }

        Field("Summary", profile.Summary, basis.Summary);
        if (response.ResponsesDetails is { } details)
        {
            PrintSearchTrail(details);
        }
        else if (response.BasisEntries.Count == 0)
        {
            Console.WriteLine();
            Console.WriteLine("(No research basis: the speed model answers without one.)");
        }
    }

    /// <summary>The Responses API's search trail: what was searched and read, in order.</summary>
    private static void PrintSearchTrail(ParallelResponsesDetails details)
    {
        var searches = details.SearchTrail.Count(s => s.ActionType == "search");
        var pages = details.SearchTrail.Count(s => s.ActionType == "open_page");
        Console.WriteLine();
        Console.WriteLine($"Search trail: {searches} searches, {pages} pages read; {details.Citations.Count} citations on the values above.");
        foreach (var step in details.SearchTrail.Take(4))
        {
            Console.WriteLine(step.ActionType == "search" ? $"  searched  {step.Query}" : $"  read      {step.Url}");
        }

        if (details.SearchTrail.Count > 4)
        {
            Console.WriteLine($"  ... and {details.SearchTrail.Count - 4} more");
        }
    }

    private static void Field(string label, string value, FieldBasis? basis)
    {
        var lines = Wrap(ProfileRows.OneLine(value), 100 - Indent.Length);
        Console.WriteLine("  " + label.PadRight(Indent.Length - 2) + lines[0]);
        foreach (var more in lines.Skip(1))
        {
            Console.WriteLine(Indent + more);
        }

        if (basis is null)
        {
            return;
        }

        // One line per field: the confidence (the Responses API gives none) and the first source; the rest are counted.
        var line = basis.ConfidenceText is null && basis.Reasoning is null ? $"{Indent}cited" : $"{Indent}confidence {basis.ConfidenceText ?? "not given"}";
        if (basis.Citations.Count > 0)
        {
            line += $" · {basis.Citations[0].Url}";
        }

        if (basis.Citations.Count > 1)
        {
            line += $" (+{basis.Citations.Count - 1} more)";
        }

        Console.WriteLine(line);
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string> { "" };
        foreach (var word in text.Split(' '))
        {
            if (lines[^1].Length > 0 && lines[^1].Length + 1 + word.Length > width)
            {
                lines.Add("");
            }

            lines[^1] = lines[^1].Length == 0 ? word : lines[^1] + " " + word;
        }

        return lines;
    }
}
