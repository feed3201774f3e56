using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace StructuredChat.Generator.Tests.Infrastructure;

/// <summary>
/// Roslyn-test-style markup for expected diagnostics: <c>{|SCHAT001:Answer|}</c> marks the span where SCHAT001 is
/// expected. <see cref="Parse"/> strips the markers and returns the plain source and the marked spans.
/// </summary>
internal static class Markup
{
    public static (string Source, IReadOnlyList<ExpectedDiagnostic> Expected) Parse(string markup)
    {
        var source = new StringBuilder(markup.Length);
        var expected = new List<ExpectedDiagnostic>();
        var position = 0;
        while (true)
        {
            var open = markup.IndexOf("{|", position, StringComparison.Ordinal);
            if (open < 0)
            {
                source.Append(markup, position, markup.Length - position);
                break;
            }

            var colon = markup.IndexOf(':', open);
            var close = markup.IndexOf("|}", colon, StringComparison.Ordinal);
            source.Append(markup, position, open - position);
            var text = markup.Substring(colon + 1, close - colon - 1);
            expected.Add(new ExpectedDiagnostic(markup.Substring(open + 2, colon - open - 2), new TextSpan(source.Length, text.Length)));
            source.Append(text);
            position = close + 2;
        }

        var plain = source.ToString();
        var lines = SourceText.From(plain).Lines;
        return (plain, expected.Select(e => e with { Line = lines.GetLinePosition(e.Span.Start).Line + 1, Column = lines.GetLinePosition(e.Span.Start).Character + 1 }).ToList());
    }
}

/// <summary>A diagnostic expected at a marked span; <see cref="Line"/> and <see cref="Column"/> are 1-based, as an IDE shows them.</summary>
internal sealed record ExpectedDiagnostic(string Id, TextSpan Span, int Line = 0, int Column = 0);
