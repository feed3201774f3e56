using System.Text;
using StructuredChat.Streaming;

namespace StructuredChat.Runtime.Tests.Streaming;

// Answers long enough that the reader's storage spans many pieces (the raw text, a string's characters, a list's
// elements): values, views taken while streaming and the raw text are exactly what arrived, however the text is split.
public sealed class LongDocumentTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(4096)]
    public void A_long_string_with_multi_byte_characters_reads_as_System_Text_Json_reads_it_and_keeps_the_raw_text(int maxPiece)
    {
        // 3- and 4-byte characters and escapes throughout, so that some fall on every boundary between stored pieces.
        var body = new StringBuilder();
        for (var i = 0; body.Length < 150_000; i++)
        {
            body.Append(i % 5 == 0 ? "数据" : i % 7 == 0 ? "😀" : i % 11 == 0 ? "\"q\"\t" : "word ");
        }

        var json = System.Text.Json.JsonSerializer.Serialize(new { body = body.ToString(), note = "é", lines = new[] { "a" } }, new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        var utf8 = Encoding.UTF8.GetBytes(json);
        var reader = PartialJsonReader<Text>.Create();
        var pieces = Tokenizer.TokenizerFeeding.RandomPieces(utf8.Length, PieceSeed(maxPiece), maxPiece);
        var readsAt = new List<(int Length, string Text)>();
        for (var i = 0; i < pieces.Count; i++)
        {
            reader.Append(utf8.AsSpan(pieces[i]));
            if (i % 997 == 0 && reader.Current.Body is { } text)
            {
                readsAt.Add((text.Length, text.ToString()));
            }
        }

        var expected = System.Text.Json.JsonSerializer.Deserialize<Text>(json, Corpus.SnakeCase)!;
        Assert.Equal(expected.Body, reader.Complete().Body);
        Assert.Equal(expected.Body, reader.Current.Body);
        Assert.Equal(json, reader.RawText);
        Assert.All(readsAt, read => Assert.Equal(expected.Body[..read.Length], read.Text));
    }

    [Fact]
    public void A_view_taken_before_the_string_grew_past_its_first_pieces_still_reads_the_same()
    {
        var reader = PartialJsonReader<Text>.Create();
        reader.Append("""{"body":"é😀"""u8);
        var early = reader.Current.Body!.Value;
        var more = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("数据 ", 40_000)));
        reader.Append(more);

        Assert.Equal("é😀", early.ToString());
        Assert.True(early.AsSpan().SequenceEqual("é😀"));
        Assert.Equal(3 + 120_000, reader.Current.Body!.Value.Length);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(64)]
    public void A_list_of_thousands_of_objects_reads_as_System_Text_Json_reads_it_and_each_element_reads_while_streaming(int maxPiece)
    {
        var people = Enumerable.Range(0, 5_000).Select(i => new Person($"Person {i} — ü", i % 3 == 0 ? null : "role " + i)).ToList();
        var json = System.Text.Json.JsonSerializer.Serialize(new CompanyInfo("Many", new DateOnly(2020, 1, 2), people, CompanySize.Medium), Corpus.SnakeCase);
        var utf8 = Encoding.UTF8.GetBytes(json);
        var reader = PartialJsonReader<CompanyInfo>.Create();
        var completedSeen = 0;
        foreach (var piece in Tokenizer.TokenizerFeeding.RandomPieces(utf8.Length, PieceSeed(maxPiece), maxPiece))
        {
            reader.Append(utf8.AsSpan(piece));
            if (reader.Current.Founders is { Count: > 1 } founders)
            {
                // The element before the last one is complete: it reads as the final value.
                var index = founders.Count - 2;
                Assert.Equal(people[index].Name, founders[index].Name);
                completedSeen = Math.Max(completedSeen, index);
            }
        }

        Assert.Equal(people.Count - 2, completedSeen);
        Assert.Equal(people, reader.Complete().Founders);
        Assert.Equal(json, reader.RawText);
    }

    // Fixed, so that a failure replays: the pieces depend only on the largest piece size.
    private static int PieceSeed(int maxPiece) => 20261205 + maxPiece;
}
