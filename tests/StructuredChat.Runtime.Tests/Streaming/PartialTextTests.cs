using System.Text;
using StructuredChat.Streaming;

namespace StructuredChat.Runtime.Tests.Streaming;

/// <summary>
/// Reading a growing string is a view, not a re-decoding: the README pattern (read a property after every append)
/// stays linear. Allocation is the witness (timing is for the benchmarks): re-decoding would allocate the whole text
/// on every read, about a gigabyte for a 64K-character string read after each 4-byte append.
/// </summary>
public sealed class PartialTextTests
{
    [Theory]
    [InlineData(16 * 1024)]
    [InlineData(64 * 1024)]
    public void Reading_a_growing_string_after_every_4_byte_append_allocates_one_growing_copy_of_it_not_one_per_read(int length)
    {
        byte[] document = Encoding.UTF8.GetBytes($$"""{"body":"{{LongText(length)}}","note":null,"lines":[]}""");
        ReadAll(document, readAfterEachAppend: true);

        long withoutReads = AllocatedWhileReading(document, readAfterEachAppend: false);
        long withReads = AllocatedWhileReading(document, readAfterEachAppend: true);

        // Reads decode into one character buffer that grows by doubling: at most 8 bytes per character in all, where
        // re-decoding per read allocated the whole text each time (76 MB for 16K characters).
        Assert.True(withReads - withoutReads < (8L * length) + 4096, $"reading after every append allocated {withReads - withoutReads} more bytes than not reading ({withoutReads} without reads, {length} characters)");
    }

    [Fact]
    public void Appends_inside_a_long_string_that_fit_the_buffers_allocate_nothing()
    {
        // Issue 12: no garbage per Append (an update array, a copy) beyond the text itself. After 16,000 characters and
        // 100 more appends both buffers have grown past 32,000, so 1,024 appends of 4 bytes need no allocation at all.
        var reader = PartialJsonReader<Text>.Create();
        reader.Append(Encoding.UTF8.GetBytes("{\"body\":\"" + new string('a', 16_000)));
        byte[] piece = "abcd"u8.ToArray();
        for (int i = 0; i < 100; i++)
        {
            reader.Append(piece);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1024; i++)
        {
            reader.Append(piece);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1024, $"1,024 appends inside a string allocated {allocated} bytes");
        Assert.Equal(16_000 + (1124 * 4), reader.Current.Body!.Value.Length);
    }

    [Fact]
    public void The_text_grows_as_characters_arrive_and_reads_the_same_as_a_string()
    {
        var reader = PartialJsonReader<Text>.Create();
        reader.Append("""{"body":"smile 😀 é"""u8);
        PartialText body = reader.Current.Body!.Value;

        Assert.Equal(10, body.Length);
        Assert.True(body.AsSpan().SequenceEqual("smile 😀 é"));
        Assert.True(body == "smile 😀 é");
        Assert.True(reader.Current.Body == "smile 😀 é");
        Assert.False(body.IsComplete);
        Assert.Equal("[smile 😀 é]", $"[{reader.Current.Body}]");
        Assert.Equal("smile 😀 é".GetHashCode(), body.GetHashCode());
        string text = body;
        Assert.Equal("smile 😀 é", text);

        reader.Append(" ok\""u8);
        Assert.Equal("smile 😀 é", body.ToString());
        Assert.Equal("smile 😀 é ok", reader.Current.Body);
        Assert.True(reader.Current.Body!.Value.IsComplete);
    }

    [Fact]
    public void A_string_is_made_once_per_change_of_the_text()
    {
        var reader = PartialJsonReader<Text>.Create();
        reader.Append("""{"body":"abc"""u8);

        string first = reader.Current.Body!.Value.ToString();
        string again = reader.Current.Body!.Value.ToString();
        reader.Append("d"u8);
        string grown = reader.Current.Body!.Value.ToString();

        Assert.Same(first, again);
        Assert.Equal("abc", first);
        Assert.Equal("abcd", grown);
    }

    [Fact]
    public void A_value_not_started_or_null_reads_as_null_and_equals_only_null()
    {
        var reader = PartialJsonReader<Text>.Create();
        reader.Append("""{"body":"b","note":null,"lines":["x","#"""u8);

        Assert.Null(reader.Current.Note);
        Assert.True(reader.Current.Note == null);
        Assert.False(reader.Current.Note == "");
        string? note = reader.Current.Note;
        Assert.Null(note);
        Assert.Equal(["x", "#"], reader.Current.Lines!.Select(line => (string?)line));
    }

    [Fact]
    public void Formatting_into_a_short_destination_reports_that_it_does_not_fit()
    {
        var reader = PartialJsonReader<Text>.Create();
        reader.Append("""{"body":"abcdef"""u8);
        var body = reader.Current.Body!.Value;

        Assert.False(body.TryFormat(new char[5], out var none, default, null));
        Assert.Equal(0, none);
        Assert.True(body.TryFormat(new char[6], out var written, default, null));
        Assert.Equal(6, written);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_long_text_read_in_random_pieces_reads_the_same_as_the_string_by_every_accessor(int seed)
    {
        // Characters are kept in chunks of 16,384: emoji (surrogate pairs) land on every chunk boundary position, so some
        // pairs straddle two chunks, and the text is read after every append of 1 to 9 bytes.
        var random = new Random(seed);
        var builder = new StringBuilder();
        while (builder.Length < 50_000)
        {
            builder.Append(random.Next(5) switch { 0 => "😀", 1 => "é", 2 => "\\n", _ => ((char)('a' + random.Next(26))).ToString() });
        }

        string json = builder.ToString();
        string expected = System.Text.Json.JsonSerializer.Deserialize<string>("\"" + json + "\"")!;
        byte[] document = Encoding.UTF8.GetBytes("{\"body\":\"" + json + "\"}");
        var reader = PartialJsonReader<Text>.Create();
        var snapshots = new List<PartialText>();
        for (int start = 0; start < document.Length;)
        {
            int count = Math.Min(random.Next(1, 10), document.Length - start);
            reader.Append(document.AsSpan(start, count));
            start += count;
            if (reader.Current.Body is not { } body || body.Length == 0)
            {
                continue;
            }

            Assert.Equal(expected[body.Length - 1], body[^1]);
            int at = random.Next(body.Length);
            Assert.Equal(expected[at], body[at]);
            if (random.Next(200) == 0)
            {
                snapshots.Add(body);
                AssertReadsAs(expected[..body.Length], body);
            }
        }

        Assert.True(reader.IsComplete);
        AssertReadsAs(expected, reader.Current.Body!.Value);
        foreach (var snapshot in snapshots)
        {
            // Taken earlier: still the text it had then, whatever came after.
            AssertReadsAs(expected[..snapshot.Length], snapshot);
        }
    }

    [Fact]
    public void A_surrogate_pair_split_across_two_chunks_reads_whole()
    {
        // 16,383 ASCII characters, then a pair: its high half is the last slot of the first chunk, its low half the first
        // of the second.
        string expected = new string('x', 16_383) + "😀 tail";
        var reader = PartialJsonReader<Text>.Create();
        reader.Append(Encoding.UTF8.GetBytes("{\"body\":\"" + new string('x', 16_383)));
        Assert.Equal(16_383, reader.Current.Body!.Value.Length);
        reader.Append(Encoding.UTF8.GetBytes("😀 tail\""));

        PartialText body = reader.Current.Body!.Value;
        Assert.Equal('\uD83D', body[16_383]);
        Assert.Equal('\uDE00', body[16_384]);
        AssertReadsAs(expected, body);
        Assert.Equal(2, CountChunks(body));
    }

    [Fact]
    public void Reading_a_long_growing_text_allocates_about_one_copy_of_it_in_small_arrays()
    {
        // Chunks of 16,384 characters: the reads of a 200,000-character text allocate its UTF-16 once (400 KB) plus the
        // first chunk's doubling, where one doubling buffer allocated up to four times the text (1.6 MB), as large
        // arrays.
        const int length = 200_000;
        byte[] document = Encoding.UTF8.GetBytes($$"""{"body":"{{new string('a', length)}}","note":null,"lines":[]}""");
        ReadAll(document, readAfterEachAppend: true);

        long withoutReads = AllocatedWhileReading(document, readAfterEachAppend: false);
        long withReads = AllocatedWhileReading(document, readAfterEachAppend: true);

        Assert.True(withReads - withoutReads < (2L * length) + (96 * 1024), $"reading after every append allocated {withReads - withoutReads} more bytes than not reading, for {length} characters");
    }

    [Fact]
    public void Copying_a_text_to_a_short_destination_throws_and_says_how_long_it_is()
    {
        var reader = PartialJsonReader<Text>.Create();
        reader.Append("""{"body":"abcdef"""u8);
        var body = reader.Current.Body!.Value;

        var error = Assert.Throws<ArgumentException>(() => body.CopyTo(new char[5]));
        Assert.Contains("the text has 6", error.Message, StringComparison.Ordinal);
        Assert.Throws<IndexOutOfRangeException>(() => body[6]);
        Assert.Throws<IndexOutOfRangeException>(() => body[-1]);
        Assert.Empty(default(PartialText).GetChunks().ToStrings());
    }

    private static void AssertReadsAs(string expected, PartialText text)
    {
        Assert.Equal(expected.Length, text.Length);
        Assert.True(text.AsSpan().SequenceEqual(expected), "AsSpan differs");
        Assert.Equal(expected, string.Concat(text.GetChunks().ToStrings()));
        var copy = new char[expected.Length + 3];
        text.CopyTo(copy);
        Assert.Equal(expected, new string(copy, 0, expected.Length));
        Assert.Equal(expected, text.ToString());
        Assert.Equal(expected, $"{text}");
        Assert.True(text == expected);
        Assert.False(text == expected + "!");
        Assert.False(expected.Length > 0 && text == ("?" + expected[1..]));
        Assert.Equal(expected.GetHashCode(), text.GetHashCode());
    }

    private static int CountChunks(PartialText text)
    {
        int count = 0;
        foreach (var chunk in text.GetChunks())
        {
            Assert.True(chunk.Length <= 16_384);
            count++;
        }

        return count;
    }

    private static long AllocatedWhileReading(byte[] document, bool readAfterEachAppend)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        ReadAll(document, readAfterEachAppend);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static int ReadAll(byte[] document, bool readAfterEachAppend)
    {
        var reader = PartialJsonReader<Text>.Create();
        int seen = 0;
        for (int i = 0; i < document.Length; i += 4)
        {
            reader.Append(document.AsSpan(i, Math.Min(4, document.Length - i)));
            if (readAfterEachAppend)
            {
                seen += reader.Current.Body?.Length ?? 0;
            }
        }

        Assert.True(reader.IsComplete);
        return seen;
    }

    private static string LongText(int length)
    {
        var text = new StringBuilder(length);
        for (int i = 0; text.Length < length; i++)
        {
            text.Append(i % 7 == 0 ? 'é' : (char)('a' + (i % 26)));
        }

        return text.ToString();
    }
}

internal static class ChunkEnumeratorExtensions
{
    public static List<string> ToStrings(this PartialText.ChunkEnumerator chunks)
    {
        var pieces = new List<string>();
        foreach (var chunk in chunks)
        {
            pieces.Add(chunk.ToString());
        }

        return pieces;
    }
}
