using System.Text.Json;

namespace StructuredChat;

/// <summary>One <c>url_citation</c> annotation of an <c>output_text</c> part, as sent.</summary>
/// <param name="Url">The cited page.</param>
/// <param name="Title">The page's title, if sent.</param>
/// <param name="StartIndex">Where the cited text starts in the output text (see <see cref="CitationSpanMapper"/> for the units).</param>
/// <param name="EndIndex">Where the cited text ends, exclusive as documented.</param>
internal readonly record struct CitationSpan(string Url, string? Title, int StartIndex, int EndIndex);

/// <summary>A citation span and the JSON path of the value it covers.</summary>
/// <param name="Span">The span as sent.</param>
/// <param name="Path">The dot path of the value (<c>founders.0.name</c>); null when the span lands on no value.</param>
internal readonly record struct MappedCitation(CitationSpan Span, string? Path);

/// <summary>
/// Maps the <c>url_citation</c> spans of a structured (<c>text.format</c>) answer onto the JSON paths of the values they
/// cover, from the ranges recorded while reading the exact output text (<see cref="JsonValueRanges"/>). Parallel says
/// spans are "anchored to the individual field values"; everything else about them is UNSURE in its docs, so each
/// reading below is accepted and none is trusted to be the only one.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Units.</b> Offsets count characters of the whole output text, end exclusive: prose or a code fence before the
/// first <c>{</c> counts like any other text. Parallel's backend is Python, so offsets are read as Unicode code points
/// first. Only when the text has characters outside the Basic Multilingual Plane do code points and UTF-16 units differ;
/// then the span is also read as UTF-16 units, and that reading is taken when it lands better (see "Which reading").</item>
/// <item><b>Forms.</b> A span lands on a value when it is one of these, with the end exclusive or one less (an inclusive
/// end): the value with a string's quotes; a string's content without them; the member, key through value
/// (<c>"capital": "Reykjavik"</c>). All three map to the value's path.</item>
/// <item><b>Deepest.</b> Otherwise a span maps to the deepest value, or member (key through value), whose range contains
/// it: part of a value maps to that value, a span over several siblings to their parent (<c>founders.0</c>).</item>
/// <item><b>Nowhere.</b> Path null (the caller keeps such spans as unmapped; nothing is dropped) for a span that only
/// fits the root object or fits nothing, a reversed span, one that starts before the text or ends after it, and one
/// inside a member whose name a later member repeats (the last one wins, as in System.Text.Json: the earlier value is
/// not what the reader sees, so a citation of it is not attached to the later one).</item>
/// <item><b>Empty spans.</b> An empty span <c>[p, p)</c> can only be an inclusive end over the one character at
/// <c>p</c> (a one-digit number, a one-character string content) or the content of an empty string; it maps when one
/// of those is a whole value in one of the forms above with an exclusive end (the inclusive end is already corrected),
/// and is null otherwise: an empty span on the first digit of <c>12</c> or on the <c>[</c> of <c>[]</c> is null.</item>
/// <item><b>Malformed JSON.</b> Values closed before the error (or before a truncated end) keep their ranges and map;
/// a span that needs a value whose end never came is null, and so is one on a number the text ends on (more digits
/// could have followed).</item>
/// <item><b>Escapes.</b> Paths use unescaped member names (<c>"na\u006De"</c> is <c>name</c>); offsets count characters
/// of the text as written, so the escape <c>\u00e9</c> is six.</item>
/// <item><b>Which reading.</b> Each reading is ranked: lands in one of the forms on one value; lands in those forms on
/// the first and last of several siblings; is merely contained; lands nowhere. The better rank wins, code points on a
/// tie.</item>
/// <item><b>Cost.</b> One pass over the text, then a binary search per span over the values (and a walk up at most the
/// 64 levels System.Text.Json reads): linear in the text plus spans times log(values).</item>
/// </list>
/// </remarks>
internal static class CitationSpanMapper
{
    /// <summary>Maps each span, in order, onto the JSON path of the value it covers; never throws on any span or text.</summary>
    /// <param name="outputText">The answer's whole output text, exactly as the spans index it.</param>
    /// <param name="spans">The annotations of that text.</param>
    /// <returns>One result per span, in the same order.</returns>
    public static MappedCitation[] Map(string outputText, IReadOnlyList<CitationSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var mapped = new MappedCitation[spans.Count];
        if (spans.Count == 0)
        {
            return mapped;
        }

        var text = new SpanLocator(outputText ?? string.Empty);
        for (var i = 0; i < mapped.Length; i++)
        {
            mapped[i] = new MappedCitation(spans[i], text.PathOf(spans[i].StartIndex, spans[i].EndIndex));
        }

        return mapped;
    }

    /// <summary>How well one reading of a span lands; a higher value lands better.</summary>
    private enum Fit
    {
        Nowhere = 0,
        Contained = 1,
        OnSiblings = 2,
        OnValue = 3,
    }

    /// <summary>The text's value ranges and its code point offsets, and the readings of a span against them.</summary>
    private sealed class SpanLocator
    {
        private readonly IReadOnlyList<JsonValueRange> _values;
        private readonly int _length;

        // The UTF-16 offset of every surrogate pair, ascending; empty when code points and UTF-16 units agree.
        private readonly int[] _pairs;

        public SpanLocator(string text)
        {
            _values = JsonValueRanges.Read(text).Values;
            _length = text.Length;
            var pairs = new List<int>();
            for (var i = 0; i + 1 < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
                {
                    pairs.Add(i);
                    i++;
                }
            }

            _pairs = [.. pairs];
        }

        public string? PathOf(int start, int end)
        {
            if (start < 0 || start > end || _values.Count == 0)
            {
                return null;
            }

            var best = Read(start, end, codePoints: true);
            if (_pairs.Length > 0 && best.Fit < Fit.OnValue)
            {
                var units = Read(start, end, codePoints: false);
                if (units.Fit > best.Fit)
                {
                    best = units;
                }
            }

            return best.Fit == Fit.Nowhere ? null : _values[best.Value].Path;
        }

        /// <summary>One reading of a span: which value it lands on and how well.</summary>
        private (int Value, Fit Fit) Read(int start, int end, bool codePoints)
        {
            if (start < end)
            {
                return Locate(start, end, codePoints);
            }

            // Empty: an inclusive end over the one character at start, else the content of an empty string. Either is
            // already the corrected span, so only exclusive ends may match it.
            var oneCharacter = Locate(start, start + 1, codePoints, inclusiveEnds: false);
            if (oneCharacter.Fit == Fit.OnValue)
            {
                return oneCharacter;
            }

            var quotes = Locate(start - 1, start + 1, codePoints, inclusiveEnds: false);
            return quotes.Fit == Fit.OnValue && _values[quotes.Value].Kind == JsonValueKind.String ? quotes : (0, Fit.Nowhere);
        }

        private (int Value, Fit Fit) Locate(int start, int end, bool codePoints, bool inclusiveEnds = true)
        {
            var textLength = codePoints ? _length - _pairs.Length : _length;
            if (start < 0 || end > textLength || start >= end)
            {
                return (0, Fit.Nowhere);
            }

            var from = codePoints ? ToUtf16(start) : start;
            var to = codePoints ? ToUtf16(end) : end;
            var value = LastStartingAtOrBefore(from);
            while (value >= 0 && !(_values[value].IsClosed && _values[value].End >= to))
            {
                value = _values[value].Parent;
            }

            if (value < 0 || _values[value].Parent < 0 || IsShadowed(value))
            {
                return (0, Fit.Nowhere);
            }

            if (IsOnValue(value, start, end, codePoints, inclusiveEnds))
            {
                return (value, Fit.OnValue);
            }

            return (value, IsOnSiblings(value, from, to, start, end, codePoints) ? Fit.OnSiblings : Fit.Contained);
        }

        /// <summary>Whether the span is one of the forms: with quotes, content, or member; end exclusive (or inclusive).</summary>
        private bool IsOnValue(int value, int start, int end, bool codePoints, bool inclusiveEnds)
        {
            var range = _values[value];
            var valueStart = Unit(range.Start, codePoints);
            var valueEnd = Unit(range.End, codePoints);
            var withQuotes = start == valueStart || start == Unit(range.OuterStart, codePoints);
            var content = range.Kind == JsonValueKind.String && start == valueStart + 1;
            return (withQuotes && (end == valueEnd || (inclusiveEnds && end == valueEnd - 1)))
                || (content && (end == valueEnd - 1 || (inclusiveEnds && end == valueEnd - 2)));
        }

        private bool StartsValue(int value, int start, bool codePoints)
        {
            var range = _values[value];
            return start == Unit(range.Start, codePoints) || start == Unit(range.OuterStart, codePoints)
                || (range.Kind == JsonValueKind.String && start == Unit(range.Start, codePoints) + 1);
        }

        private bool EndsValue(int value, int end, bool codePoints)
        {
            var range = _values[value];
            var valueEnd = Unit(range.End, codePoints);
            return end == valueEnd || end == valueEnd - 1
                || (range.Kind == JsonValueKind.String && end == valueEnd - 2);
        }

        /// <summary>Whether a span inside a container starts on one child's forms and ends on a later child's.</summary>
        private bool IsOnSiblings(int container, int from, int to, int start, int end, bool codePoints)
        {
            if (!_values[container].IsContainer)
            {
                return false;
            }

            var first = ChildAt(container, from);
            var last = ChildAt(container, to - 1);
            return first >= 0 && last > first && StartsValue(first, start, codePoints) && EndsValue(last, end, codePoints);
        }

        /// <summary>The child of <paramref name="container"/> whose range holds the character at <paramref name="offset"/>; -1 if none.</summary>
        private int ChildAt(int container, int offset)
        {
            var value = LastStartingAtOrBefore(offset);
            while (value >= 0 && _values[value].Parent != container)
            {
                value = value == container ? -1 : _values[value].Parent;
            }

            return value >= 0 && _values[value].IsClosed && _values[value].End > offset ? value : -1;
        }

        private int LastStartingAtOrBefore(int offset)
        {
            int low = 0, high = _values.Count - 1, found = -1;
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                if (_values[middle].OuterStart <= offset)
                {
                    found = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return found;
        }

        private bool IsShadowed(int value)
        {
            for (; value >= 0; value = _values[value].Parent)
            {
                if (_values[value].Shadowed)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A UTF-16 offset of a value boundary (never inside a surrogate pair) in the reading's units.</summary>
        private int Unit(int utf16, bool codePoints) => codePoints ? utf16 - PairsBefore(utf16) : utf16;

        private int ToUtf16(int codePoint)
        {
            // The k-th pair (0-based) is code point _pairs[k] - k; each pair before the code point adds one unit.
            int low = 0, high = _pairs.Length;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (_pairs[middle] - middle < codePoint)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return codePoint + low;
        }

        /// <summary>How many surrogate pairs end at or before a UTF-16 offset.</summary>
        private int PairsBefore(int utf16)
        {
            int low = 0, high = _pairs.Length;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (_pairs[middle] + 2 <= utf16)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }
    }
}
