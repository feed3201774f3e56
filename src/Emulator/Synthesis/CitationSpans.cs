using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StructuredChat.Emulator.Synthesis;

/// <summary>One <c>url_citation</c>: a span of the output text, <c>[Start, End)</c> in code points, and its source.</summary>
internal sealed record CitationSpan(int Start, int End, string Url, string Title);

/// <summary>
/// The citations of a Responses answer. With a JSON answer, one or two per scalar value (strings, numbers, booleans,
/// at any depth, array elements included; not <c>null</c>, not empty strings), each span covering exactly the
/// value's characters as the text holds them: a string without its quotes, with its escapes as written. With prose,
/// one per sentence. Offsets count Unicode code points of the output text (as Parallel's Python backend does), end
/// exclusive; for text in the Basic Multilingual Plane they equal UTF-16 offsets.
/// </summary>
internal static class CitationSpans
{
    /// <param name="content">The whole output text.</param>
    /// <param name="json">The JSON answer inside <paramref name="content"/>, or <see langword="null"/> for prose.</param>
    /// <param name="prefix">What stands in <paramref name="content"/> before <paramref name="json"/>.</param>
    /// <param name="sources">The pages the search trail opened; citations point at them.</param>
    /// <param name="random">Picks sources and which values get a second citation.</param>
    public static List<CitationSpan> For(string content, string? json, string prefix, IReadOnlyList<(string Url, string Title)> sources, SeededRandom random)
    {
        var spans = json is not null && Values(json) is { } values
            ? values.Select(v => (Start: v.Start + CodePointCount(prefix), v.End + CodePointCount(prefix), v.Path))
            : Sentences(content).Select(s => (s.Start, s.End, Path: "sentence"));
        var citations = new List<CitationSpan>();
        foreach (var (start, end, path) in spans)
        {
            for (var n = random.Chance(0.25) ? 2 : 1; n > 0; n--)
            {
                var (url, title) = random.Pick(sources);
                citations.Add(new(start, end, $"{url}#{Uri.EscapeDataString(path)}", title));
            }
        }

        return citations;
    }

    /// <summary>The scalar values of <paramref name="json"/> as code-point spans, with their paths; <see langword="null"/> when it is not JSON.</summary>
    private static List<(int Start, int End, string Path)>? Values(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var values = new List<(int Start, int End, string Path)>();
        var reader = new Utf8JsonReader(bytes);
        var path = new List<string>();
        var indexes = new List<int>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        path[^1] = reader.GetString()!;
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Advance(path, indexes);
                        path.Add("");
                        indexes.Add(reader.TokenType == JsonTokenType.StartArray ? 0 : -1);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        indexes.RemoveAt(indexes.Count - 1);
                        break;
                    case JsonTokenType.Null:
                        Advance(path, indexes);
                        break;
                    default:
                        Advance(path, indexes);
                        var start = (int)reader.TokenStartIndex;
                        var length = reader.ValueSpan.Length;
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            start++;
                        }

                        if (length > 0)
                        {
                            var startPoint = CodePointCount(bytes.AsSpan(0, start));
                            values.Add((startPoint, startPoint + CodePointCount(bytes.AsSpan(start, length)), string.Join('.', path.Where(p => p.Length > 0))));
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return values;
    }

    // An array's element index becomes the last path segment before each element is read.
    private static void Advance(List<string> path, List<int> indexes)
    {
        if (indexes.Count > 0 && indexes[^1] >= 0)
        {
            path[^1] = indexes[^1].ToString(CultureInfo.InvariantCulture);
            indexes[^1]++;
        }
    }

    /// <summary>Sentences of prose: from a non-space character to a '.', '!' or '?' followed by a space or the end.</summary>
    private static IEnumerable<(int Start, int End)> Sentences(string text)
    {
        var points = text.EnumerateRunes().ToArray();
        var start = -1;
        for (var i = 0; i < points.Length; i++)
        {
            if (start < 0 && !Rune.IsWhiteSpace(points[i]))
            {
                start = i;
            }

            var ends = points[i].Value is '.' or '!' or '?' && (i + 1 == points.Length || Rune.IsWhiteSpace(points[i + 1]));
            if (start >= 0 && (ends || i + 1 == points.Length))
            {
                yield return (start, i + 1);
                start = -1;
            }
        }
    }

    public static int CodePointCount(string text) => text.EnumerateRunes().Count();

    // A UTF-8 byte starts a code point unless it is a continuation byte (10xxxxxx).
    private static int CodePointCount(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            count += (b & 0xC0) == 0x80 ? 0 : 1;
        }

        return count;
    }
}
