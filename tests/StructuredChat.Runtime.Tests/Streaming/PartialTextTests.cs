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
