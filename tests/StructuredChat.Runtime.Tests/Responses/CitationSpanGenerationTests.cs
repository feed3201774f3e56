using System.Text;

namespace StructuredChat.Runtime.Tests.Responses;

/// <summary>
/// <see cref="CitationSpanMapper"/> on random answers (<see cref="WrittenAnswer"/>), whose value spans are known from
/// writing them. Seeded: answer <c>i</c> of a run uses seed + i; a failure names the seed that replays it alone
/// (set <c>CITATION_SEED</c>).
/// </summary>
/// <remarks>
/// Where a text has characters outside the BMP, a UTF-16 span may also be read as a code point span that lands
/// exactly on another value; the mapper then takes the code point reading, as its documentation says. The expectations
/// below say so where it applies, with the other value found from the written spans, not from the mapper.
/// </remarks>
public sealed class CitationSpanGenerationTests
{
    private const int Answers = 500;
    private const int DefaultSeed = 20261205;

    [Fact]
    public void Every_form_of_every_value_span_maps_to_that_value_in_code_points_and_in_UTF16_units()
    {
        Run((answer, random, check) =>
        {
            var exactInCodePoints = ExactSpans(answer, codePoints: true, check);
            foreach (var value in Cited(answer))
            {
                foreach (var form in value.Forms(codePoints: true))
                {
                    check.Expect(form, value.Path, "code points");
                }

                foreach (var form in value.Forms(codePoints: false))
                {
                    // The same numbers read as code points may land exactly on a value; that reading comes first.
                    check.Expect(form, exactInCodePoints.GetValueOrDefault(form, value.Path), "UTF-16 units");
                }
            }
        });
    }

    [Fact]
    public void A_span_from_one_sibling_to_a_later_one_maps_to_their_parent()
    {
        Run((answer, random, check) =>
        {
            var exactInUnits = ExactSpans(answer, codePoints: false, check);
            foreach (var parent in answer.Values.Where(v => v.Children.Count >= 2))
            {
                // Over the root's members the code point reading lands nowhere, so any fit of the UTF-16 reading wins: BMP only.
                if (parent.Parent < 0 && answer.HasAstral)
                {
                    continue;
                }

                var first = random.Next(parent.Children.Count - 1);
                var last = random.Next(first + 1, parent.Children.Count);
                var span = (StartOf(answer.Values[parent.Children[first]], random), EndOf(answer.Values[parent.Children[last]], random));
                var expected = parent.Parent < 0 ? null : parent.Path;
                check.Expect(span, answer.HasAstral && exactInUnits.TryGetValue(span, out var exact) ? exact : expected, "siblings");
            }
        });
    }

    [Fact]
    public void A_span_inside_a_value_maps_to_the_deepest_value_or_member_holding_it()
    {
        Run((answer, random, check) =>
        {
            // One reading only where code points and UTF-16 units agree.
            if (answer.HasAstral)
            {
                return;
            }

            foreach (var value in Cited(answer))
            {
                var outer = (value.MemberStart ?? value.Start).Utf16;
                var start = random.Next(outer, value.End.Utf16);
                var end = random.Next(start + 1, value.End.Utf16 + 1);
                var holder = answer.Values.Where(v => (v.MemberStart ?? v.Start).Utf16 <= start && v.End.Utf16 >= end)
                    .MaxBy(v => (v.MemberStart ?? v.Start).Utf16)!;
                check.Expect((start, end), holder.Parent < 0 ? null : holder.Path, "inside");
            }
        });
    }

    [Fact]
    public void A_truncated_answer_maps_the_values_closed_before_the_cut_and_never_throws()
    {
        Run((answer, random, check) =>
        {
            var cut = random.Next(answer.Text.Length + 1);
            var truncated = new Check(answer.Text[..cut], check.Describe);
            foreach (var value in Cited(answer).Where(v => v.End.Utf16 < cut))
            {
                truncated.Expect((value.Start.CodePoints, value.End.CodePoints), value.Path, $"closed before the cut at {cut}");
            }

            truncated.ExpectAnyOf(GarbageSpans(answer.Text.Length, random), answer);
            truncated.Verify();
            check.Add(truncated);
        });
    }

    [Fact]
    public void Garbage_spans_never_throw_and_land_only_on_values_of_the_answer()
    {
        Run((answer, random, check) => check.ExpectAnyOf(GarbageSpans(answer.Text.Length, random), answer));
    }

    [Fact]
    public void A_mangled_answer_never_throws_and_gives_one_result_per_span_in_order()
    {
        string[] edits = ["{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "0", "a", " ", "😀", "\ud800", "\udc00", "é"];
        Run((answer, random, check) =>
        {
            var text = new StringBuilder(answer.Text);
            for (var i = random.Next(1, 6); i > 0 && text.Length > 0; i--)
            {
                var at = random.Next(text.Length);
                text.Remove(at, random.Next(3) == 0 ? 0 : 1).Insert(at, random.Next(3) == 0 ? string.Empty : edits[random.Next(edits.Length)]);
            }

            CitationSpan[] spans =
            [
                .. Cited(answer).SelectMany(v => v.Forms(codePoints: true).Concat(v.Forms(codePoints: false)))
                    .Concat(GarbageSpans(text.Length, random))
                    .Select(s => new CitationSpan("https://example.com", null, s.Start, s.End)),
            ];
            var mapped = CitationSpanMapper.Map(text.ToString(), spans);
            if (!mapped.Select(m => m.Span).SequenceEqual(spans))
            {
                check.Fail($"mangled to {text}: the results are not the spans in their order");
            }
        });
    }

    private static IEnumerable<WrittenValue> Cited(WrittenAnswer answer) => answer.Values.Where(v => v.Parent >= 0);

    /// <summary>Every form of every value in one unit, by span: the spans that land exactly on a value when read in that unit.</summary>
    private static Dictionary<(int, int), string> ExactSpans(WrittenAnswer answer, bool codePoints, Check check)
    {
        var spans = new Dictionary<(int, int), string>();
        foreach (var value in Cited(answer))
        {
            foreach (var form in value.Forms(codePoints))
            {
                if (!spans.TryAdd(form, value.Path) && spans[form] != value.Path)
                {
                    check.Fail($"the writer gave {form} to both '{spans[form]}' and '{value.Path}'");
                }
            }
        }

        return spans;
    }

    private static int StartOf(WrittenValue value, Random random) => random.Next(value.IsString ? 3 : 2) switch
    {
        0 => value.Start.CodePoints,
        1 => (value.MemberStart ?? value.Start).CodePoints,
        _ => value.Start.CodePoints + 1,
    };

    private static int EndOf(WrittenValue value, Random random) =>
        value.IsString && random.Next(2) == 0 ? value.End.CodePoints - 1 : value.End.CodePoints;

    private static IEnumerable<(int Start, int End)> GarbageSpans(int length, Random random)
    {
        int[] extremes = [int.MinValue, -1, 0, length - 1, length, length + 1, int.MaxValue];
        for (var i = 0; i < 40; i++)
        {
            var start = random.Next(4) == 0 ? extremes[random.Next(extremes.Length)] : random.Next(-2, length + 3);
            var end = random.Next(4) == 0 ? extremes[random.Next(extremes.Length)] : random.Next(-2, length + 3);
            yield return (start, end);
        }
    }

    private static void Run(Action<WrittenAnswer, Random, Check> test)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CITATION_SEED"), out var chosen) ? chosen : DefaultSeed;
        var failures = new StringBuilder();
        var failed = 0;
        for (var i = 0; i < Answers && failed < 5; i++)
        {
            var random = new Random(seed + i);
            var answer = WrittenAnswer.Write(random);
            var check = new Check(answer.Text, $"CITATION_SEED={seed + i}");
            try
            {
                test(answer, random, check);
                check.Verify();
            }
            catch (Exception e)
            {
                check.Fail("threw " + e);
            }

            if (check.Failures.Count > 0)
            {
                failed++;
                failures.AppendLine($"{check.Describe}: {answer.Text}").AppendJoin('\n', check.Failures.Take(8)).AppendLine();
            }
        }

        Assert.True(failed == 0, $"run seed {seed}; failing answers (replay one alone with its seed):\n{failures}");
    }

    /// <summary>The spans of one text and what each must map to, mapped in one call.</summary>
    private sealed class Check(string text, string describe)
    {
        private readonly List<(int Start, int End)> _spans = [];
        private readonly List<Func<string?, string?>> _expectations = [];

        public string Describe { get; } = describe;

        public List<string> Failures { get; } = [];

        public void Expect((int Start, int End) span, string? path, string how)
        {
            _spans.Add(span);
            _expectations.Add(actual => actual == path ? null : $"  {how} {span} '{TextOf(span)}': expected {Show(path)}, got {Show(actual)}");
        }

        public void ExpectAnyOf(IEnumerable<(int Start, int End)> spans, WrittenAnswer answer)
        {
            var paths = CitationSpanGenerationTests.Cited(answer).Select(v => v.Path).ToHashSet();
            foreach (var span in spans)
            {
                _spans.Add(span);
                _expectations.Add(actual => actual is null || paths.Contains(actual) ? null : $"  garbage {span}: got '{actual}', not a value of the answer");
            }
        }

        public void Fail(string failure) => Failures.Add("  " + failure);

        public void Add(Check other) => Failures.AddRange(other.Failures);

        public void Verify()
        {
            var spans = _spans.Select((s, i) => new CitationSpan("https://example.com/" + i, null, s.Start, s.End)).ToArray();
            var mapped = CitationSpanMapper.Map(text, spans);
            if (!mapped.Select(m => m.Span).SequenceEqual(spans))
            {
                Fail("the results are not the spans in their order");
                return;
            }

            Failures.AddRange(mapped.Select((m, i) => _expectations[i](m.Path)).OfType<string>());
            _spans.Clear();
            _expectations.Clear();
        }

        private string TextOf((int Start, int End) span) =>
            span.Start >= 0 && span.End <= text.Length && span.Start <= span.End ? text[span.Start..span.End] : "(out of the text)";

        private static string Show(string? path) => path is null ? "null" : $"'{path}'";
    }
}
