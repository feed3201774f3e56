using StructuredChat.Streaming;

namespace Quickstart;

/// <summary>One line of the live view: the JSON name of the field it shows, a label and the text so far.</summary>
internal readonly record struct Row(string JsonName, string Label, string Text, bool Growing);

/// <summary>
/// What the partial <see cref="CompanyProfile"/> shows so far. The generator gives <see cref="Partial{T}"/> one
/// property per field: strings grow as their characters arrive; dates, numbers and enums appear once complete.
/// </summary>
internal static class ProfileRows
{
    public static List<Row> Of(Partial<CompanyProfile> partial)
    {
        List<Row> rows =
        [
            Field(partial, "name", "Name", partial.Name),
            Field(partial, "founded", "Founded", partial.Founded?.ToString("yyyy-MM-dd")),
            Field(partial, "headquarters", "Headquarters", partial.Headquarters),
            Field(partial, "stage", "Stage", partial.Stage?.ToString()),
            Field(partial, "employee_count", "Employees", partial.EmployeeCount?.ToString("N0")),
        ];

        var people = partial.KeyPeople;
        if (people is null || people.Count == 0)
        {
            rows.Add(Field(partial, "key_people", "Key people", null));
        }
        else
        {
            for (var i = 0; i < people.Count; i++)
            {
                var person = people[i];
                var text = $"{i + 1}. {person.Name}" + (person.Role is { Length: > 0 } role ? $", {role}" : "");
                rows.Add(new("key_people", i == 0 ? "Key people" : "", text, !person.IsComplete));
            }
        }

        rows.Add(Field(partial, "summary", "Summary", partial.Summary));
        return rows;
    }

    private static Row Field(Partial<CompanyProfile> partial, string jsonName, string label, string? text) =>
        new(jsonName, label, OneLine(text ?? ""), partial.GetState(jsonName) == PartialValueState.Started);

    public static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
