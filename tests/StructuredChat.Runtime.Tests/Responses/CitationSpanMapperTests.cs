using System.Text;

namespace StructuredChat.Runtime.Tests.Responses;

/// <summary>
/// Each rule of <see cref="CitationSpanMapper"/> on a written example. Spans are found in the text by searching for the
/// cited piece, so each test shows the text a citation covers.
/// </summary>
public sealed class CitationSpanMapperTests
{
    private const string Iceland = """{"capital":"Reykjavik","population":389450,"languages":["Icelandic"]}""";

    [Fact]
    public void The_docs_example_maps_Reykjavik_to_capital_with_or_without_quotes_and_with_its_key()
    {
        AssertCited(
            Iceland, Units.CodePoints,
            ("\"Reykjavik\"", "capital"), ("Reykjavik", "capital"), ("\"capital\":\"Reykjavik\"", "capital"),
            ("389450", "population"), ("Icelandic", "languages.0"), ("[\"Icelandic\"]", "languages"));
    }

    [Fact]
    public void An_inclusive_end_maps_as_the_exclusive_end_does()
    {
        var start = Iceland.IndexOf("\"Reykjavik\"", StringComparison.Ordinal);
        var withQuotes = start + "\"Reykjavik\"".Length - 1;
        var withoutQuotes = start + "\"Reykjavik".Length - 1;

        Assert.Equal("capital", Map(Iceland, (start, withQuotes))[0]);
        Assert.Equal("capital", Map(Iceland, (start + 1, withoutQuotes))[0]);
        Assert.Equal("capital", Map(Iceland, (Iceland.IndexOf("\"capital\"", StringComparison.Ordinal), withQuotes))[0]);
    }

    [Fact]
    public void A_one_character_value_cited_with_an_inclusive_end_is_an_empty_span_that_still_maps()
    {
        const string text = """{"rank":7,"grade":"A","note":"","next":"B"}""";
        var seven = text.IndexOf('7', StringComparison.Ordinal);
        var a = text.IndexOf('A', StringComparison.Ordinal);
        var emptyContent = text.IndexOf("\"\"", StringComparison.Ordinal) + 1;

        Assert.Equal<IEnumerable<string?>>(["rank", "grade", "note"], Map(text, (seven, seven), (a, a), (emptyContent, emptyContent)));
    }

    [Fact]
    public void An_empty_span_on_no_whole_value_lands_nowhere()
    {
        const string text = """{"year":1993, "name":"Nvidia","list":[],"blank":""}""";
        var insideYear = text.IndexOf("1993", StringComparison.Ordinal) + 1;
        var startOfYear = text.IndexOf("1993", StringComparison.Ordinal);
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var insideName = text.IndexOf("Nvidia", StringComparison.Ordinal) + 2;
        var emptyList = text.IndexOf('[', StringComparison.Ordinal);
        var blankQuote = text.IndexOf("\"\"", StringComparison.Ordinal);

        Assert.Equal<IEnumerable<string?>>(
            [null, null, null, null, null, null],
            Map(text, (insideYear, insideYear), (startOfYear, startOfYear), (space, space), (insideName, insideName), (emptyList, emptyList), (blankQuote, blankQuote)));
    }

    [Fact]
    public void Array_elements_map_to_their_index_and_the_values_inside_them()
    {
        const string text = """{"items":[{"name":"bolt","count":4},{"name":"nut","count":9},{"name":"washer","count":12}]}""";

        AssertCited(
            text, Units.CodePoints,
            ("washer", "items.2.name"), ("9", "items.1.count"), ("""{"name":"bolt","count":4}""", "items.0"),
            ("\"count\":12", "items.2.count"));
    }

    [Fact]
    public void Nested_objects_map_to_their_full_paths()
    {
        const string text = """{"company":{"ceo":{"name":"Jensen Huang","since":1993},"hq":{"city":"Santa Clara"}}}""";

        AssertCited(
            text, Units.CodePoints,
            ("Jensen Huang", "company.ceo.name"), ("1993", "company.ceo.since"),
            ("\"Santa Clara\"", "company.hq.city"), ("\"hq\":{\"city\":\"Santa Clara\"}", "company.hq"),
            ("""{"name":"Jensen Huang","since":1993}""", "company.ceo"));
    }

    [Fact]
    public void Numbers_booleans_and_null_map_like_strings()
    {
        const string text = """{ "founded": -1.5e3, "public": true, "acquired": false, "parent": null }""";

        AssertCited(
            text, Units.CodePoints,
            ("-1.5e3", "founded"), ("true", "public"), ("\"acquired\": false", "acquired"), ("null", "parent"));
    }

    [Fact]
    public void Part_of_a_value_maps_to_that_value()
    {
        const string text = """{"summary":"Founded in 1993 by three engineers.","founders":["Jensen Huang"]}""";

        AssertCited(
            text, Units.CodePoints,
            ("1993 by three", "summary"), ("Huang", "founders.0"), ("\"summary\"", "summary"));
    }

    [Fact]
    public void A_span_over_several_siblings_maps_to_their_parent()
    {
        const string text = """{"founders":[{"name":"Jensen Huang","role":"CEO"},{"name":"Chris Malachowsky","role":"engineer"}]}""";

        AssertCited(
            text, Units.CodePoints,
            ("\"name\":\"Jensen Huang\",\"role\":\"CEO\"", "founders.0"),
            ("Jensen Huang\",\"role\":\"CEO", "founders.0"),
            ("{\"name\":\"Jensen Huang\",\"role\":\"CEO\"},{\"name\":\"Chris", "founders"));
    }

    [Fact]
    public void A_span_that_only_fits_the_root_or_fits_nothing_lands_nowhere()
    {
        const string text = "Answer:\n{\"capital\":\"Reykjavik\",\"population\":389450}\nDone.";
        var json = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.IndexOf('}', StringComparison.Ordinal) + 1;

        AssertCited(
            text, Units.CodePoints,
            ("\"capital\":\"Reykjavik\",\"population\":389450", null),
            ("{\"capital\":\"Reykjavik\",\"population\":389450}", null), ("Answer:", null), ("Done.", null));
        Assert.Equal<IEnumerable<string?>>([null, null], Map(text, (0, text.Length), (json - 2, end)));
    }

    [Fact]
    public void Reversed_negative_and_out_of_range_spans_land_nowhere_and_keep_their_order()
    {
        var spans = new (int, int)[]
        {
            (12, 11), (-1, 5), (-3, -1), (0, Iceland.Length + 1), (Iceland.Length, Iceland.Length + 4), (int.MinValue, int.MaxValue),
            (int.MaxValue, int.MaxValue), (int.MinValue, int.MinValue), (Iceland.Length + 10, Iceland.Length + 2),
        };
        var citations = spans.Select((s, i) => new CitationSpan("https://example.com/" + i, null, s.Item1, s.Item2)).ToArray();

        var mapped = CitationSpanMapper.Map(Iceland, citations);

        Assert.Equal(citations, mapped.Select(m => m.Span));
        Assert.All(mapped, m => Assert.Null(m.Path));
    }

    [Fact]
    public void Prose_and_a_code_fence_around_the_JSON_do_not_shift_the_offsets()
    {
        var text = "Here is what I found:\n```json\n" + Iceland + "\n```\nSources below.";

        AssertCited(text, Units.CodePoints, ("Reykjavik", "capital"), ("\"Icelandic\"", "languages.0"));
    }

    [Fact]
    public void What_follows_the_root_object_is_not_read_as_part_of_the_answer()
    {
        const string text = "{\"a\":\"kept\"}\n```\nAlso: {\"b\":\"ignored\"}";

        AssertCited(text, Units.CodePoints, ("kept", "a"), ("ignored", null));
    }

    [Fact]
    public void Offsets_count_code_points_when_characters_outside_the_BMP_come_first()
    {
        var text = "🇮🇸 Iceland 🧊\n{\"motto\":\"𝄞 music 🎶\",\"capital\":\"Reykjavik\",\"area\":103000}";

        AssertCited(text, Units.CodePoints, ("\"Reykjavik\"", "capital"), ("103000", "area"), ("𝄞 music 🎶", "motto"));
    }

    [Fact]
    public void Offsets_in_UTF16_units_map_where_code_points_land_on_no_value()
    {
        var text = "🇮🇸 Iceland 🧊\n{\"motto\":\"𝄞 music 🎶\",\"capital\":\"Reykjavik\",\"area\":103000}";

        AssertCited(
            text, Units.Utf16,
            ("\"Reykjavik\"", "capital"), ("103000", "area"), ("𝄞 music 🎶", "motto"),
            ("\"capital\":\"Reykjavik\"", "capital"));
    }

    [Fact]
    public void A_UTF16_span_over_several_siblings_beats_a_code_point_reading_that_is_merely_inside_a_value()
    {
        // Ten astral characters: read as code points, the UTF-16 span of "a","b" falls inside the long string.
        const string text = """{"e":"😀😀😀😀😀😀😀😀😀😀","n":["a","b","this is a long string"]}""";

        Assert.Equal("n", PathOf(text, "\"a\",\"b\"", Units.Utf16));
    }

    [Fact]
    public void A_span_that_lands_on_a_value_both_ways_is_read_in_code_points_first()
    {
        // Two astral characters put UTF-16 offsets two units after code points: the UTF-16 span of 2 is the
        // code point span of 3, and Parallel's backend counts code points.
        const string text = """{"e":"😀😀","n":[1,2,3,4]}""";
        var two = text.IndexOf('2', StringComparison.Ordinal);

        Assert.Equal("n.2", Map(text, (two, two + 1))[0]);
    }

    [Fact]
    public void Escaped_member_names_map_to_their_unescaped_names()
    {
        const string text = """{"na\u006De":"Ada","caf\u00E9":"open","\ud83d\ude00":"smile","\u0022q\u0022":1}""";

        AssertCited(text, Units.CodePoints, ("Ada", "name"), ("open", "café"), ("smile", "😀"), ("1", "\"q\""));
    }

    [Fact]
    public void A_lone_surrogate_escape_in_a_name_reads_as_U_FFFD_as_the_partial_reader_reads_it()
    {
        const string text = """{"a\ud800b":"lone","c":"after"}""";

        AssertCited(text, Units.CodePoints, ("lone", "a\uFFFDb"), ("after", "c"));
    }

    [Fact]
    public void Escapes_and_non_ASCII_characters_count_as_written()
    {
        const string text = """{"city":"Montr\u00e9al \"QC\"","native":"Montréal","next":"x"}""";

        AssertCited(
            text, Units.CodePoints,
            ("Montr\\u00e9al \\\"QC\\\"", "city"), ("\"Montr\\u00e9al \\\"QC\\\"\"", "city"), ("Montréal", "native"),
            ("\"x\"", "next"));
    }

    [Fact]
    public void With_a_duplicated_name_the_last_member_wins_and_a_span_on_an_earlier_one_lands_nowhere()
    {
        const string text = """{"a":{"x":"first"},"b":"kept","a":{"y":"second"}}""";

        AssertCited(
            text, Units.CodePoints,
            ("first", null), ("\"a\":{\"x\":\"first\"}", null), ("second", "a.y"), ("\"a\":{\"y\":\"second\"}", "a"),
            ("kept", "b"));
    }

    [Fact]
    public void Malformed_JSON_maps_the_values_before_the_error_and_nothing_after_it()
    {
        const string text = """{"a":"one","b":tru,"c":"three"}""";

        AssertCited(text, Units.CodePoints, ("one", "a"), ("tru", null), ("three", null));
    }

    [Fact]
    public void Truncated_JSON_maps_the_values_that_were_closed()
    {
        const string text = """{"a":"one","b":{"c":"two","d":[true,"thr""";

        AssertCited(
            text, Units.CodePoints,
            ("one", "a"), ("two", "b.c"), ("true", "b.d.0"), ("thr", null), ("\"c\":\"two\",\"d\"", null));
    }

    [Fact]
    public void A_number_the_text_ends_on_is_not_taken_as_complete()
    {
        const string text = """{"a":1,"b":12""";

        AssertCited(text, Units.CodePoints, ("1", "a"), ("12", null));
    }

    [Fact]
    public void Text_without_JSON_maps_nothing_and_never_throws()
    {
        foreach (var text in new[] { "", "no JSON here", "[1,2,3]", "{", "}{", "\"capital\":\"Reykjavik\"", "\ud800{\"a\":\"x\"" })
        {
            var mapped = CitationSpanMapper.Map(text, [new CitationSpan("https://example.com", "t", 0, text.Length), new CitationSpan("u", null, 1, 2)]);

            Assert.Equal(2, mapped.Length);
        }

        Assert.Null(CitationSpanMapper.Map(null!, [new CitationSpan("u", null, 0, 0)])[0].Path);
        Assert.Empty(CitationSpanMapper.Map(Iceland, []));
    }

    [Fact]
    public void A_lone_surrogate_before_the_JSON_counts_as_one_character()
    {
        const string text = "\ud800{\"a\":\"x\"}";

        Assert.Equal("a", PathOf(text, "\"x\""));
    }

    [Fact]
    public void JSON_deeper_than_System_Text_Json_reads_maps_only_what_closed_before_the_limit()
    {
        var text = "{\"first\":\"ok\",\"deep\":" + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + "}";

        AssertCited(text, Units.CodePoints, ("ok", "first"), ("[[]]", null));
    }

    [Fact]
    public void Several_citations_of_one_value_all_map_to_it()
    {
        var start = Iceland.IndexOf("\"Reykjavik\"", StringComparison.Ordinal);
        var spans = new[]
        {
            new CitationSpan("https://en.wikipedia.org/wiki/Reykjav%C3%ADk", "Reykjavík - Wikipedia", start, start + 11),
            new CitationSpan("https://www.government.is/", "Government of Iceland", start, start + 11),
        };

        var mapped = CitationSpanMapper.Map(Iceland, spans);

        Assert.Equal([spans[0], spans[1]], mapped.Select(m => m.Span));
        Assert.All(mapped, m => Assert.Equal("capital", m.Path));
    }

    private enum Units
    {
        CodePoints,
        Utf16,
    }

    /// <summary>The path of the first occurrence of <paramref name="cited"/> in the text, end exclusive.</summary>
    private static string? PathOf(string text, string cited, Units units = Units.CodePoints) => Map(text, Span(text, cited, units))[0];

    private static (int Start, int End) Span(string text, string cited, Units units)
    {
        var start = text.IndexOf(cited, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{cited}' is not in the text");
        var end = start + cited.Length;
        return units == Units.CodePoints ? (CodePoints(text[..start]), CodePoints(text[..end])) : (start, end);
    }

    /// <summary>Maps the first occurrence of each cited piece (end exclusive) in one call and compares the paths.</summary>
    private static void AssertCited(string text, Units units, params (string Cited, string? Path)[] expected)
    {
        var spans = expected.Select(e => Span(text, e.Cited, units)).ToArray();
        Assert.Equal(expected.Select(e => e.Path), Map(text, spans));
    }

    private static string?[] Map(string text, params (int Start, int End)[] spans) =>
        [.. CitationSpanMapper.Map(text, [.. spans.Select(s => new CitationSpan("https://example.com", "Example", s.Start, s.End))]).Select(m => m.Path)];

    private static int CodePoints(string text) => text.EnumerateRunes().Count();
}
