using System.Text;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Streaming;

public class ReaderBehaviourTests
{
    private const string Company = """{"name":"Parallel Web Systems","founded":"2023-06-15","founders":[{"name":"Parag","role":"CEO"}],"size":"Medium"}""";

    [Fact]
    public void A_string_property_grows_as_its_characters_arrive()
    {
        var reader = PartialJsonReader<CompanyInfo>.Create();
        var seen = new List<string?>();
        foreach (var b in Encoding.UTF8.GetBytes(Company))
        {
            reader.Append([b]);
            seen.Add(reader.Current.Name);
        }

        Assert.Contains("Par", seen);
        Assert.Contains("Paral", seen);
        Assert.Equal("Parallel Web Systems", reader.Current.Name);
        Assert.Equal("Parallel Web Systems", reader.Complete().Name);
    }

    [Fact]
    public void Numbers_dates_and_enums_appear_only_once_complete()
    {
        var reader = PartialJsonReader<Location>.Create();
        reader.Append("""{"city":"SF","temperature":6"""u8);
        Assert.Null(reader.Current.Temperature);
        reader.Append("""1"""u8);
        Assert.Null(reader.Current.Temperature);
        reader.Append(""","units":"f"""u8);
        Assert.Equal(61, reader.Current.Temperature);
        Assert.Null(reader.Current.Units);
        reader.Append("\"}"u8);
        Assert.Equal(Units.f, reader.Current.Units);

        var dates = PartialJsonReader<CompanyInfo>.Create();
        dates.Append("""{"name":"n","founded":"2023-06-1"""u8);
        Assert.Null(dates.Current.Founded);
        dates.Append("5\""u8);
        Assert.Equal(new DateOnly(2023, 6, 15), dates.Current.Founded);
    }

    [Fact]
    public void Each_append_reports_what_started_grew_and_completed_by_json_path()
    {
        var reader = PartialJsonReader<CompanyInfo>.Create();
        Assert.Equal([new PartialChange(PartialChangeKind.PropertyStarted, "name"), new PartialChange(PartialChangeKind.PropertyGrew, "name")],
            reader.Append("""{"name":"Par"""u8).Changes);
        Assert.Equal([new PartialChange(PartialChangeKind.PropertyGrew, "name")], reader.Append("all"u8).Changes);
        Assert.Equal([new PartialChange(PartialChangeKind.PropertyCompleted, "name")], reader.Append("\","u8).Changes);
        var update = reader.Append("""  "founded":null,"founders":[{"name":"A","role":null}"""u8);
        Assert.Equal(
            [
                new PartialChange(PartialChangeKind.PropertyCompleted, "founded"),
                new PartialChange(PartialChangeKind.PropertyStarted, "founders"),
                new PartialChange(PartialChangeKind.ElementAdded, "founders.0"),
                new PartialChange(PartialChangeKind.PropertyStarted, "founders.0.name"),
                new PartialChange(PartialChangeKind.PropertyGrew, "founders.0.name"),
                new PartialChange(PartialChangeKind.PropertyCompleted, "founders.0.name"),
                new PartialChange(PartialChangeKind.PropertyCompleted, "founders.0.role"),
                new PartialChange(PartialChangeKind.ElementCompleted, "founders.0"),
            ],
            update.Changes);
        Assert.True(update.Completed("founders.0"));
        Assert.True(reader.Append("""],"size":"Small"}"""u8).Completed("founders"));
        Assert.True(reader.IsComplete);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(40)]
    public void An_update_kept_from_an_earlier_append_still_says_what_that_append_changed(int pieceSize)
    {
        // Updates are values a caller may keep (a log, a UI queue): later appends must not change what one says,
        // whether it holds its changes itself (one, or two at one value) or as a list (more).
        var reader = PartialJsonReader<CompanyInfo>.Create();
        var utf8 = Encoding.UTF8.GetBytes(Company);
        var kept = new List<(PartialUpdate Update, string Said, bool NameCompleted)>();
        for (var start = 0; start < utf8.Length; start += pieceSize)
        {
            var update = reader.Append(utf8.AsSpan(start, Math.Min(pieceSize, utf8.Length - start)));
            kept.Add((update, update.ToString(), update.Completed("name")));
        }

        Assert.All(kept, k => Assert.Equal(k.Said, k.Update.ToString()));
        Assert.All(kept, k => Assert.Equal(k.NameCompleted, k.Update.Completed("name")));

        // Together they tell the whole story once: every value completed exactly once, in document order.
        var completed = kept.SelectMany(k => k.Update.Changes).Where(c => c.IsCompleted).Select(c => c.Path).ToList();
        Assert.Equal(["name", "founded", "founders.0.name", "founders.0.role", "founders.0", "founders", "size"], completed);
        Assert.Equal(1, kept.Count(k => k.NameCompleted));
    }

    [Fact]
    public void Lists_of_objects_fill_in_with_typed_partial_elements()
    {
        var reader = PartialJsonReader<CompanyInfo>.Create();
        reader.Append("""{"name":"n","founded":null,"founders":[{"name":"Ada"},{"name":"Gr"""u8);
        var founders = reader.Current.Founders!;
        Assert.Equal(2, founders.Count);
        Assert.False(founders.IsComplete);
        Assert.Equal("Ada", founders[0].Name);
        Assert.Equal("Gr", founders[1].Name);
        Assert.Equal(PartialValueState.Missing, PartialState.Of(founders[1]).Role);
        Assert.Equal(PartialValueState.Started, PartialState.Of(founders[1]).Name);
        Assert.Equal(PartialValueState.Complete, PartialState.Of(founders[0]).Name);
        Assert.True(PartialState.IsComplete(founders[0]));
        Assert.False(PartialState.IsComplete(founders[1]));
    }

    [Fact]
    public void Char_input_with_a_surrogate_pair_split_between_appends_reads_the_same()
    {
        var json = """{"body":"smile 😀 ok","note":null,"lines":["é"]}""";
        var reader = PartialJsonReader<Text>.Create();
        var split = json.IndexOf("😀", StringComparison.Ordinal) + 1;
        reader.Append(json.AsSpan(0, split));
        Assert.Equal("smile ", reader.Current.Body);
        reader.Append(json.AsSpan(split));
        Assert.Equal("smile 😀 ok", reader.Complete().Body);
    }

    [Theory]
    [InlineData("Here is the JSON you asked for:\n{\"city\":\"Paris\",\"temperature\":12.5,\"units\":\"c\"}\nHope this helps!")]
    [InlineData("```json\n{\"city\":\"Paris\",\"temperature\":12.5,\"units\":\"c\"}\n```\n")]
    [InlineData("  \n\t{\"city\":\"Paris\",\"temperature\":12.5,\"units\":\"c\"}   ")]
    public void Prose_or_a_code_fence_around_the_json_is_skipped(string answer)
    {
        var reader = PartialJsonReader<Location>.Create();
        foreach (var c in answer)
        {
            reader.Append([c]);
        }

        Assert.Equal(new Location("Paris", 12.5, Units.c), reader.Complete());
        Assert.Equal(answer, reader.RawText);
    }

    [Fact]
    public void The_recorded_structured_location_stream_reads_to_the_typed_result()
    {
        var reader = PartialJsonReader<Location>.Create();
        foreach (var chunk in RecordedStreams.ContentChunks("structured-location.sse"))
        {
            reader.Append(Encoding.UTF8.GetBytes(chunk));
        }

        Assert.Equal(new Location("San Francisco", 61, Units.f), reader.Complete());
    }

    [Fact]
    public void The_recorded_max_tokens_stream_gives_a_truncation_error_that_keeps_the_raw_text()
    {
        var reader = PartialJsonReader<Location>.Create();
        foreach (var chunk in RecordedStreams.ContentChunks("structured-max-tokens.sse"))
        {
            reader.Append(Encoding.UTF8.GetBytes(chunk));
        }

        var error = Assert.Throws<ParallelResponseFormatException>(() => reader.Complete());
        Assert.Equal("{\"", error.RawText);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_recorded_json_object_stream_with_indentation_and_non_ascii_reads_through_a_tolerant_type()
    {
        var chunks = RecordedStreams.ContentChunks("json-object-mode.sse");
        var text = string.Concat(chunks);
        var reader = PartialJsonReader<Text>.Create();
        foreach (var chunk in chunks)
        {
            reader.Append(Encoding.UTF8.GetBytes(chunk));
        }

        // The recorded answer has none of Text's properties, so every property is reported missing, with the raw text kept.
        var error = Assert.Throws<ParallelResponseFormatException>(() => reader.Complete());
        Assert.Equal("body", error.JsonPath);
        Assert.Equal(text, error.RawText);
        Assert.Contains("18°C", error.RawText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"n","founded":true,"founders":[],"size":"Small","founded":"2021-02-03"}""")]
    [InlineData("""{"name":"n","founded":"not a date","founders":[],"size":"Small","founded":"2021-02-03"}""")]
    [InlineData("""{"name":"n","founded":"2021-02-03","founders":[{"name":1,"role":[]},{"name":{}}],"size":12,"founders":[{"name":"A","role":null}],"size":"Small"}""")]
    [InlineData("""{"name":["x"],"founded":"2021-02-03","founders":{"a":1},"size":"Small","founders":[{"name":"A","role":null}],"name":"n"}""")]
    public void A_duplicated_property_takes_its_last_value_whatever_the_earlier_one_was(string json)
    {
        var reader = PartialJsonReader<CompanyInfo>.Create();
        foreach (var b in Encoding.UTF8.GetBytes(json))
        {
            reader.Append([b]);
        }

        var company = reader.Complete();

        Assert.Equal("n", company.Name);
        Assert.Equal(new DateOnly(2021, 2, 3), company.Founded);
        Assert.Equal(CompanySize.Small, company.Size);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_still_an_error_when_no_later_duplicate_replaces_it()
    {
        var reader = PartialJsonReader<CompanyInfo>.Create();
        reader.Append("""{"name":"n","founded":null,"founders":[{"name":1}],"size":"Small","name":"m"}"""u8);

        var error = Assert.Throws<ParallelResponseFormatException>(() => reader.Complete());

        Assert.Equal("founders.0.name", error.JsonPath);
    }

    [Fact]
    public void Properties_named_like_the_machinery_of_a_partial_are_reachable_as_written()
    {
        var reader = PartialJsonReader<Machinery>.Create();
        reader.Append("""{"is_complete":"yes","json_path":"a.b","get_state":3,"get_string":true,"count":7"""u8);

        Assert.Equal("yes", reader.Current.IsComplete);
        Assert.Equal("a.b", reader.Current.JsonPath);
        Assert.Equal(3, reader.Current.GetState);
        Assert.Equal<bool?>(true, reader.Current.GetString);
        Assert.Null(reader.Current.Count);
        Assert.Equal(PartialValueState.Complete, PartialState.Of(reader.Current).IsComplete);
        Assert.Equal(PartialValueState.Missing, PartialState.Of(reader.Current).Count);
        Assert.False(PartialState.IsComplete(reader.Current));

        reader.Append("}"u8);
        Assert.Equal(new Machinery("yes", "a.b", 3, true, 7), reader.Complete());
    }
}
