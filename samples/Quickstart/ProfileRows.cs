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
        // How far each field has arrived, typed like the fields: Started means it is still growing.
        var state = PartialState.Of(partial);
        List<Row> rows =
        [
            Field("name", "Name", partial.Name, state.Name),
            Field("founded", "Founded", partial.Founded?.ToString("yyyy-MM-dd"), state.Founded),
            Field("headquarters", "Headquarters", partial.Headquarters, state.Headquarters),
            Field("stage", "Stage", partial.Stage?.ToString(), state.Stage),
            Field("employee_count", "Employees", partial.EmployeeCount?.ToString("N0"), state.EmployeeCount),
        ];

        var people = partial.KeyPeople;
        if (people is null || people.Count == 0)
        {
            rows.Add(Field("key_people", "Key people", null, state.KeyPeople));
        }
        else
        {
            for (var i = 0; i < people.Count; i++)
            {
                var person = people[i];
                var text = $"{i + 1}. {person.Name}" + (person.Role is { Length: > 0 } role ? $", {role}" : "");
                rows.Add(new("key_people", i == 0 ? "Key people" : "", text, !PartialState.IsComplete(person)));
            }
        }

        rows.Add(Field("summary", "Summary", partial.Summary, state.Summary));
        return rows;
    }

    private static Row Field(string jsonName, string label, string? text, PartialValueState state) =>
        new(jsonName, label, OneLine(text ?? ""), state == PartialValueState.Started);

    public static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
