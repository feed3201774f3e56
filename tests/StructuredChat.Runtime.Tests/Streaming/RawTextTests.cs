using System.Text;
using StructuredChat.Streaming;

namespace StructuredChat.Runtime.Tests.Streaming;

/// <summary>
/// The raw text is made once per length: a call's telemetry, its response and its errors read it from the same
/// string (making it twice was a third of a streamed call's allocation), and a snapshot taken at one length keeps that
/// text whatever is appended later.
/// </summary>
public sealed class RawTextTests
{
    [Fact]
    public void The_raw_text_is_one_string_until_more_arrives()
    {
        var reader = PartialJsonReader<Text>.Create();
        reader.Append("""{"body":"ab"""u8);
        string first = reader.RawText;

        Assert.Same(first, reader.RawText);
        reader.Append("c\"}"u8);
        Assert.Equal("""{"body":"abc"}""", reader.RawText);
        Assert.Equal("""{"body":"ab""", first);
    }

    [Fact]
    public void A_snapshot_keeps_its_text_across_later_appends_and_segment_boundaries()
    {
        // Past 16 KB the raw text spans segments; a character split between two is joined before decoding.
        var reader = PartialJsonReader<Text>.Create();
        string body = string.Concat(Enumerable.Repeat("é😀a", 3000));
        byte[] document = Encoding.UTF8.GetBytes("{\"body\":\"" + body + "\",\"note\":null,\"lines\":[]}");
        reader.Append(document.AsSpan(0, 9_001));
        RawAnswerText early = reader.RawSnapshot;
        reader.Append(document.AsSpan(9_001));

        Assert.Equal(Encoding.UTF8.GetString(document, 0, 9_001), early.Text);
        Assert.Equal(Encoding.UTF8.GetString(document), reader.RawSnapshot.Text);
        Assert.Same(reader.RawSnapshot.Text, reader.RawText);
        Assert.Equal(body, reader.Complete().Body);
    }
}
