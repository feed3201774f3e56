namespace StructuredChat;

/// <summary>
/// One entry of Parallel's research basis: why the model gave the value at <see cref="Field"/>, how sure it is,
/// and where it read it.
/// </summary>
/// <param name="Field">The dot path of the output field over JSON names (<c>founders.0.name</c>); <c>content</c> or <c>output</c> for text answers.</param>
/// <param name="Reasoning">The model's reasoning for the value; <see langword="null"/> when the API gives none (the Responses API never does).</param>
/// <param name="Citations">The sources; empty when the wire omitted them.</param>
/// <param name="ConfidenceText">The confidence exactly as sent (an open string), or <see langword="null"/> (always from the Responses API).</param>
public sealed record FieldBasis(string Field, string? Reasoning, IReadOnlyList<Citation> Citations, string? ConfidenceText)
{
    /// <summary>
    /// The confidence as an enum: <see cref="BasisConfidence.Low"/>, <see cref="BasisConfidence.Medium"/> or
    /// <see cref="BasisConfidence.High"/>; <see cref="BasisConfidence.Other"/> for any other text (kept in
    /// <see cref="ConfidenceText"/>); <see langword="null"/> when none was sent.
    /// </summary>
    public BasisConfidence? Confidence => ConfidenceText is null ? null : BasisConfidenceParser.Parse(ConfidenceText);
}

/// <summary>A source the model cited for a field.</summary>
/// <param name="Url">The page's URL, as sent.</param>
/// <param name="Title">The page's title, if sent.</param>
/// <param name="Excerpts">The quoted passages; empty when the wire omitted them.</param>
public sealed record Citation(string Url, string? Title, IReadOnlyList<string> Excerpts);

/// <summary>How confident the model is in a field's value.</summary>
public enum BasisConfidence
{
    /// <summary>A value other than <c>low</c>, <c>medium</c> or <c>high</c>; see <see cref="FieldBasis.ConfidenceText"/>.</summary>
    Other = 0,

    /// <summary><c>low</c></summary>
    Low = 1,

    /// <summary><c>medium</c></summary>
    Medium = 2,

    /// <summary><c>high</c></summary>
    High = 3,
}

internal static class BasisConfidenceParser
{
    public static BasisConfidence Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "low" => BasisConfidence.Low,
        "medium" => BasisConfidence.Medium,
        "high" => BasisConfidence.High,
        _ => BasisConfidence.Other,
    };
}
