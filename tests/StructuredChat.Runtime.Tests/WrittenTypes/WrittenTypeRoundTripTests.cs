using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using StructuredChat.Runtime.Tests.Streaming;
using StructuredChat.Runtime.Tests.Tokenizer;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.WrittenTypes;

/// <summary>
/// Text System.Text.Json writes for the types users write, read back through <see cref="PartialJsonReader{T}"/> in
/// one-byte and random chunks, gives what System.Text.Json reads from it: the same values and the same collection types.
/// </summary>
public class WrittenTypeRoundTripTests
{
    private const int Seed = 20261205;
    private const int RandomChunkings = 200;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Reads <paramref name="json"/> whole, byte by byte and in seeded random chunks; each read must equal System.Text.Json's; returns the last.</summary>
    private static T RoundTrip<T>(string json)
        where T : IParallelResponse<T>
    {
        var length = Encoding.UTF8.GetByteCount(json);
        var value = EquivalenceCheck.Check<T>(json, null, Options);
        EquivalenceCheck.Check<T>(json, EquivalenceCheck.OneByte(length), Options);
        for (var i = 0; i < RandomChunkings; i++)
        {
            var seed = Seed + i;
            try
            {
                value = EquivalenceCheck.Check<T>(json, TokenizerFeeding.RandomPieces(length, seed, maxSize: 1 + (i % 9)), Options);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"Chunking with seed {seed} of {typeof(T).Name} failed: {e.Message}");
            }
        }

        return value;
    }

    [Fact]
    public void Collection_interfaces_and_sets_are_built_as_System_Text_Json_builds_them()
    {
        var original = new Catalog
        {
            Names = ["a", "b"],
            Counts = [1, 2, 3],
            Tags = [new Tag("x"), new Tag("y")],
            Keywords = new HashSet<string> { "k1", "k2" },
            Years = [2020, 2021],
            MaybeLabels = null,
            Nested = [[1, 2], []],
        };
        var json = JsonSerializer.Serialize(original, Options);

        var ours = RoundTrip<Catalog>(json);
        var theirs = JsonSerializer.Deserialize<Catalog>(json, Options)!;

        Assert.IsType<List<string>>(ours.Names);
        Assert.IsType<List<int>>(ours.Counts);
        Assert.IsType<List<Tag>>(ours.Tags);
        Assert.IsType<HashSet<string>>(ours.Keywords);
        Assert.IsType<HashSet<int>>(ours.Years);
        Assert.IsType<List<int>>(ours.Nested[0]);
        Assert.Equal(
            [theirs.Names.GetType(), theirs.Counts.GetType(), theirs.Tags.GetType(), theirs.Keywords.GetType(), theirs.Years.GetType(), theirs.Nested[0].GetType()],
            [ours.Names.GetType(), ours.Counts.GetType(), ours.Tags.GetType(), ours.Keywords.GetType(), ours.Years.GetType(), ours.Nested[0].GetType()]);
        Assert.Null(ours.MaybeLabels);
    }

    [Fact]
    public void A_repeated_set_element_is_kept_once_as_System_Text_Json_keeps_it()
    {
        const string json = """
            {"names":[],"counts":[],"tags":[],"keywords":["a","a","b"],"years":[2020,2020],"maybe_labels":["x","x"],"nested":[]}
            """;

        var ours = RoundTrip<Catalog>(json);

        Assert.Equal(["a", "b"], ours.Keywords.Order());
        Assert.Equal([2020], ours.Years);
        Assert.Equal(["x"], ours.MaybeLabels!);
    }

    [Theory]
    [InlineData('a')]
    [InlineData('"')]
    [InlineData('\\')]
    [InlineData('\n')]
    [InlineData('\u0001')]
    [InlineData('é')]
    [InlineData('中')]
    [InlineData('\uFFFF')]
    public void A_char_round_trips(char letter)
    {
        var json = JsonSerializer.Serialize(new Grade(letter, null, [letter, 'z'], [letter]), Options);

        var ours = RoundTrip<Grade>(json);

        Assert.Equal(letter, ours.Letter);
        Assert.Null(ours.Modifier);
        Assert.Equal([letter, 'z'], ours.Marks);
    }

    [Fact]
    public void A_char_written_as_an_escape_reads_as_its_character()
    {
        var ours = RoundTrip<Grade>("""{"letter":"\u0041","modifier":"\u00e9","marks":["\uD7FF"],"initials":["\u0042"]}""");

        Assert.Equal('A', ours.Letter);
        Assert.Equal('é', ours.Modifier);
        Assert.Equal('\uD7FF', Assert.Single(ours.Marks));
        Assert.Equal(['B'], ours.Initials!);
    }

    [Theory]
    [InlineData("""{"letter":"ab","modifier":null,"marks":[],"initials":null}""", "letter", "ab")]
    [InlineData("""{"letter":"","modifier":null,"marks":[],"initials":null}""", "letter", "")]
    [InlineData("""{"letter":"a","modifier":"😀","marks":[],"initials":null}""", "modifier", "😀")]
    [InlineData("""{"letter":"a","modifier":null,"marks":["b","cd"],"initials":null}""", "marks.1", "cd")]
    [InlineData("""{"letter":"a","modifier":null,"marks":[],"initials":["\uD83D\uDE00"]}""", "initials.0", "😀")]
    public void A_string_that_is_not_one_character_is_a_format_error_at_its_path_as_System_Text_Json_rejects_it(string json, string path, string found)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Grade>(json, Options));
        var reader = PartialJsonReader<Grade>.Create();
        foreach (var b in Encoding.UTF8.GetBytes(json))
        {
            reader.Append([b]);
        }

        var error = Assert.Throws<ParallelResponseFormatException>(() => reader.Complete());
        Assert.Equal(path, error.JsonPath);
        Assert.Equal($"Expected a single character for '{path}' but found \"{found}\".", error.Message);
        Assert.Equal(json, error.RawText);
    }

    [Fact]
    public void A_char_appears_on_the_partial_view_only_once_its_string_is_complete()
    {
        var reader = PartialJsonReader<Grade>.Create();

        reader.Append("""{"letter":"x"""u8);
        Assert.Null(reader.Current.Letter);

        reader.Append("\""u8);
        Assert.Equal('x', reader.Current.Letter);
    }

    [Fact]
    public void Computed_properties_System_Text_Json_writes_are_read_past()
    {
        var json = JsonSerializer.Serialize(new Named("Ada", "Lovelace"), Options);
        Assert.Contains("\"display\":\"Ada Lovelace\"", json, StringComparison.Ordinal);

        var ours = RoundTrip<Named>(json);

        Assert.Equal(new Named("Ada", "Lovelace"), ours);
        Assert.Equal("Ada Lovelace", ours.Display);
    }

    [Fact]
    public void Ignored_constructor_parameters_get_the_default_System_Text_Json_gives_them()
    {
        var article = JsonSerializer.Serialize(new Article("h", "secret"), Options);
        var memo = JsonSerializer.Serialize(new Memo("t", "origin", 5), Options);
        var story = JsonSerializer.Serialize(new Story("t", 7, "b"), Options);

        Assert.Equal(JsonSerializer.Deserialize<Article>(article, Options), RoundTrip<Article>(article));
        Assert.Equal(JsonSerializer.Deserialize<Memo>(memo, Options), RoundTrip<Memo>(memo));
        Assert.Equal(JsonSerializer.Deserialize<Story>(story, Options), RoundTrip<Story>(story));
        Assert.Equal(new Article("h"), RoundTrip<Article>(article));
        Assert.Equal(new Memo("t", "n/a", 5), RoundTrip<Memo>(memo));
        Assert.Equal(new Story("t", 0, "b"), RoundTrip<Story>(story));
    }
}
