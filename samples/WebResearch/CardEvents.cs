using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using StructuredChat;
using StructuredChat.Streaming;

namespace WebResearch;

/// <summary>One field of the card as the page shows it.</summary>
/// <param name="Value">The text shown (growing while a string streams in); null until the field starts.</param>
/// <param name="Confidence">Once the answer is complete: the basis's confidence, when there is one.</param>
/// <param name="Citations">Once the answer is complete: the basis's sources.</param>
public sealed record CardField(string? Value, string? Confidence = null, IReadOnlyList<CardCitation>? Citations = null);

/// <summary>A source the page links to.</summary>
public sealed record CardCitation(string Url, string? Title);

/// <summary>What one server-sent event carries: the card as it is now.</summary>
/// <param name="Fields">The fields in page order, by id (<c>name</c>, <c>founded</c>, ...).</param>
/// <param name="Complete">Whether this is the validated final answer.</param>
public sealed record CardEvent(IReadOnlyDictionary<string, CardField> Fields, bool Complete);

/// <summary>An error the page shows instead of the card.</summary>
public sealed record CardError(string Message);

/// <summary>Turns the typed partial and the typed final answer into what the page renders.</summary>
internal static class CardEvents
{
    /// <summary>The card while it streams: strings as far as they have arrived, other values once complete.</summary>
    public static CardEvent FromPartial(Partial<CompanyCard> partial) => new(
        new Dictionary<string, CardField>
        {
            ["name"] = new(partial.Name?.ToString()),
            ["founded"] = new(partial.Founded?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ["headquarters"] = new(partial.Headquarters?.ToString()),
            ["employees"] = new(partial.EmployeeCount?.ToString("N0", CultureInfo.InvariantCulture)),
            ["people"] = new(partial.KeyPeople is { } people
                ? string.Join("; ", people.Select(p => Person(p.Name?.ToString(), p.Role?.ToString())))
                : null),
            ["summary"] = new(partial.Summary?.ToString()),
        },
        Complete: false);

    /// <summary>The final card: every value validated, each with its confidence and citations.</summary>
    public static CardEvent FromResponse(ParallelResponse<CompanyCard> response)
    {
        CompanyCard card = response.Value;
        Basis<CompanyCard> basis = response.Basis;
        return new(
            new Dictionary<string, CardField>
            {
                ["name"] = Field(card.Name, basis.Name),
                ["founded"] = Field(card.Founded?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "unknown", basis.Founded),
                ["headquarters"] = Field(card.Headquarters, basis.Headquarters),
                ["employees"] = Field(card.EmployeeCount?.ToString("N0", CultureInfo.InvariantCulture) ?? "unknown", basis.EmployeeCount),
                ["people"] = Field(string.Join("; ", card.KeyPeople.Select(p => Person(p.Name, p.Role))), PeopleBasis(card, basis)),
                ["summary"] = Field(card.Summary, basis.Summary),
            },
            Complete: true);
    }

    // A role shows once it has begun to arrive.
    private static string Person(string? name, string? role) => string.IsNullOrEmpty(role) ? name ?? "" : $"{name} ({role})";

    // The basis of a list comes per element (key_people.0, key_people.1, ...): the card shows the first element's
    // confidence and the sources of all of them.
    private static FieldBasis? PeopleBasis(CompanyCard card, Basis<CompanyCard> basis)
    {
        var elements = Enumerable.Range(0, card.KeyPeople.Count).Select(i => basis.KeyPeople[i]).OfType<FieldBasis>().ToList();
        return elements.Count == 0
            ? null
            : elements[0] with { Citations = [.. elements.SelectMany(e => e.Citations).DistinctBy(c => c.Url)] };
    }

    private static CardField Field(string value, FieldBasis? basis) => new(
        value,
        basis?.ConfidenceText,
        basis?.Citations.Select(c => new CardCitation(c.Url, c.Title)).ToList() ?? []);
}

/// <summary>System.Text.Json source generation for the events (no reflection; the app is trimming-safe).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CardEvent))]
[JsonSerializable(typeof(CardError))]
internal sealed partial class CardJsonContext : JsonSerializerContext;
