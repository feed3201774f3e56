using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using StructuredChat;

namespace Enrichment;

/// <summary>One line of the JSON Lines output: a company with its facts and their basis, or the reason it failed.</summary>
internal sealed record EnrichedRow(string Company, CompanyFacts? Facts, IReadOnlyList<RowBasis>? Basis, string? Error)
{
    public static EnrichedRow Enriched(string company, ParallelResponse<CompanyFacts> response) =>
        new(company, response.Value, [.. response.BasisEntries.Select(RowBasis.From)], null);

    public static EnrichedRow Failed(string company, Exception error) => new(company, null, null, error.Message.Split('\n')[0]);
}

/// <summary>The research basis of one field, as written to the output.</summary>
internal sealed record RowBasis(string Field, string? Confidence, string? Reasoning, IReadOnlyList<string> Citations)
{
    public static RowBasis From(FieldBasis basis) =>
        new(basis.Field, basis.ConfidenceText, basis.Reasoning, [.. basis.Citations.Select(c => c.Url)]);
}

/// <summary>System.Text.Json source generation: the rows are written without reflection (trimming- and AOT-safe).</summary>
[JsonSerializable(typeof(EnrichedRow))]
internal sealed partial class OutputJsonContext : JsonSerializerContext
{
    /// <summary>snake_case names like the API's, no nulls, and non-ASCII text written as is (the file is UTF-8).</summary>
    public static OutputJsonContext Lines { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
