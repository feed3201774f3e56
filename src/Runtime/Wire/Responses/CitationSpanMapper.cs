namespace StructuredChat;

// Placeholder until the span mapper lands (same session): maps nothing, so every span is kept as unmapped.
internal readonly record struct CitationSpan(string Url, string? Title, int StartIndex, int EndIndex);

internal readonly record struct MappedCitation(CitationSpan Span, string? Path);

internal static class CitationSpanMapper
{
    public static MappedCitation[] Map(string outputText, IReadOnlyList<CitationSpan> spans) => [.. spans.Select(s => new MappedCitation(s, null))];
}
