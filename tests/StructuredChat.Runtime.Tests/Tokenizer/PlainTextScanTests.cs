using StructuredChat.Streaming;

namespace StructuredChat.Runtime.Tests.Tokenizer;

/// <summary>
/// The append fast path decides "plain text inside a string" for a token's bytes a word at a time (bit tricks on 4 and
/// 8 bytes). One wrong answer would store a quote, an escape or a control character as text, so every byte value is
/// tried at every position of every short length, against the definition byte by byte.
/// </summary>
public sealed class PlainTextScanTests
{
    [Fact]
    public void Every_byte_at_every_position_of_a_short_piece_is_judged_as_the_byte_by_byte_definition_judges_it()
    {
        // The rest is plain text, with the largest and smallest plain bytes around the one tried.
        var (wrong, first) = JudgeEveryByte(
            piece => JsonStreamTokenizer.IsPlainAsciiText(piece),
            value => value is >= 0x20 and < 0x80 and not '"' and not '\\',
            [0x7F, 0x20, (byte)'a']);

        Assert.True(wrong == 0, $"{wrong} pieces judged wrongly, first {first}");
        Assert.True(JsonStreamTokenizer.IsPlainAsciiText([]));
    }

    [Fact]
    public void Text_that_cannot_end_a_string_is_judged_as_the_byte_by_byte_definition_judges_it()
    {
        // The second fast path takes escapes and non-ASCII bytes, and must refuse every quote and control byte: the
        // background holds the bytes just above the thresholds and the ones the first path refuses.
        var (wrong, first) = JudgeEveryByte(
            piece => JsonStreamTokenizer.IsStringTextWithoutEnd(piece),
            value => value >= 0x20 && value != '"',
            [0x20, 0x80, (byte)'\\', 0xFF, 0x23, 0xA0, 0x21]);

        Assert.True(wrong == 0, $"{wrong} pieces judged wrongly, first {first}");
        Assert.False(JsonStreamTokenizer.IsStringTextWithoutEnd([]));
        Assert.False(JsonStreamTokenizer.IsStringTextWithoutEnd([0x21, 0x00, 0x21, 0x23, 0x80, 0x80, 0x80, 0x80]));
        Assert.False(JsonStreamTokenizer.IsStringTextWithoutEnd("\\u00e9 caf\u00e9 \\\""u8));
        Assert.True(JsonStreamTokenizer.IsStringTextWithoutEnd("\\u00e9 caf\u00e9 \\n \u6570\u636e"u8));
    }

    // Every byte value at every position of pieces of 1 to 24 bytes (the word-at-a-time lengths and the vectorized
    // search above 16), the other bytes cycling through the background: the wrong count and the first wrong piece.
    private static (int Wrong, string? First) JudgeEveryByte(Func<byte[], bool> judge, Func<int, bool> expected, byte[] background)
    {
        int wrong = 0;
        string? first = null;
        for (int length = 1; length <= 24; length++)
        {
            for (int position = 0; position < length; position++)
            {
                for (int value = 0; value < 256; value++)
                {
                    byte[] piece = new byte[length];
                    for (int i = 0; i < length; i++)
                    {
                        piece[i] = background[i % background.Length];
                    }

                    piece[position] = (byte)value;
                    if (judge(piece) != expected(value))
                    {
                        wrong++;
                        first ??= $"byte 0x{value:X2} at {position} of {length}";
                    }
                }
            }
        }

        return (wrong, first);
    }

    [Fact]
    public void Pieces_with_several_stop_bytes_or_borrows_between_bytes_are_not_plain()
    {
        // Borrow chains: a zero byte next to bytes just above the thresholds.
        Assert.False(JsonStreamTokenizer.IsPlainAsciiText([0x21, 0x00, 0x21, 0x23]));
        Assert.False(JsonStreamTokenizer.IsPlainAsciiText([0x23, 0x22, 0x5D, 0x5B, 0x21, 0x20, 0x1F, 0x80]));
        Assert.False(JsonStreamTokenizer.IsPlainAsciiText("abc\"\\\n"u8));
        Assert.True(JsonStreamTokenizer.IsPlainAsciiText("#!]["u8));
        Assert.True(JsonStreamTokenizer.IsPlainAsciiText("a quick brown fox jumps"u8));
    }
}
