namespace StructuredChat;

/// <summary>
/// The research basis of a typed Responses API answer: its <c>url_citation</c> spans mapped onto the JSON paths of
/// the values they cover (by <see cref="CitationSpanMapper"/>, over the exact text), one entry per path with every
/// citation of that value. A span that covers no single value becomes an entry of its own with an empty field, which
/// the basis view keeps in <see cref="ResearchBasis.Unmapped{T}(Basis{T})"/>. There is no reasoning or confidence.
/// </summary>
internal static class ResponsesBasis
{
    /// <summary>The basis entries, and the details with each citation's JSON path filled in.</summary>
    /// <param name="text">The answer's output text, exactly as received.</param>
    /// <param name="details">What the response carried, with its citations as sent.</param>
    public static (IReadOnlyList<FieldBasis> Entries, ParallelResponsesDetails Details) Map(string text, ParallelResponsesDetails details)
    {
        if (details.Citations.Count == 0)
        {
            return ([], details);
        }

        CitationSpan[] spans = [.. details.Citations.Select(c => new CitationSpan(c.Url, c.Title, c.StartIndex, c.EndIndex))];
        MappedCitation[] mapped = CitationSpanMapper.Map(text, spans);
        var entries = new List<FieldBasis>();
        var byPath = new Dictionary<string, List<Citation>>(StringComparer.Ordinal);
        var citations = new ParallelTextCitation[mapped.Length];
        for (int i = 0; i < mapped.Length; i++)
        {
            string? path = mapped[i].Path;
            citations[i] = details.Citations[i] with { JsonPath = path };
            var citation = new Citation(details.Citations[i].Url, details.Citations[i].Title, []);
            if (path is null)
            {
                entries.Add(new FieldBasis("", null, [citation], null));
            }
            else if (byPath.TryGetValue(path, out List<Citation>? list))
            {
                list.Add(citation);
            }
            else
            {
                byPath[path] = [citation];
            }
        }

        entries.InsertRange(0, byPath.Select(pair => new FieldBasis(pair.Key, null, pair.Value, null)));
        return (entries, details.WithCitations(citations));
    }
}
