namespace StructuredChat.Emulator;

/// <summary>One entry of the research basis the emulator sends (<c>FieldBasis</c> on the wire).</summary>
/// <param name="Field">Dot path over the answer's JSON names, e.g. <c>founders</c>, <c>founders.0</c>, <c>market.size</c>.</param>
/// <param name="Reasoning">Why the field has its value.</param>
/// <param name="Citations">Sources; written as an empty array when empty.</param>
/// <param name="Confidence"><c>low</c>, <c>medium</c>, <c>high</c> or any other text; <see langword="null"/> is written as JSON null.</param>
public sealed record EmulatorFieldBasis(string Field, string Reasoning, IReadOnlyList<EmulatorCitation> Citations, string? Confidence);

/// <summary>One citation of a basis entry.</summary>
/// <param name="Url">The source's address.</param>
/// <param name="Title">The source's title; <see langword="null"/> is written as JSON null.</param>
/// <param name="Excerpts">Quoted passages; <see langword="null"/> is written as JSON null.</param>
public sealed record EmulatorCitation(string Url, string? Title, IReadOnlyList<string>? Excerpts);
