using System.Text;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Tokenizer;

/// <summary>Rejected input: the reason, the byte position and a message that says what was expected.</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData("{\"a\":1 x}", 7, "Invalid JSON at byte 7: expected ',' or '}' after a property value, found 'x'.")]
    [InlineData("[1 2]", 3, "Invalid JSON at byte 3: expected ',' or ']' after an array element, found '2'.")]
    [InlineData("{\"a\" 1}", 5, "Invalid JSON at byte 5: expected ':' after a property name, found '1'.")]
    [InlineData("[1,]", 3, "Invalid JSON at byte 3: expected a value after ',', found ']'.")]
    [InlineData("{\"a\":1,}", 7, "Invalid JSON at byte 7: expected a property name after ',', found '}'.")]
    [InlineData("{'a':1}", 1, "Invalid JSON at byte 1: expected a property name or '}', found '''.")]
    [InlineData("[01]", 2, "Invalid JSON at byte 2: a number must not have a leading zero, found '1'.")]
    [InlineData("[+1]", 1, "Invalid JSON at byte 1: expected a value or ']', found '+'.")]
    [InlineData("[.5]", 1, "Invalid JSON at byte 1: expected a value or ']', found '.'.")]
    [InlineData("[1.]", 3, "Invalid JSON at byte 3: expected a digit after the decimal point, found ']'.")]
    [InlineData("[1e]", 3, "Invalid JSON at byte 3: expected a digit or a sign in the exponent, found ']'.")]
    [InlineData("[-x]", 2, "Invalid JSON at byte 2: expected a digit after '-', found 'x'.")]
    [InlineData("[tru]", 4, "Invalid JSON at byte 4: expected 'true', found ']'.")]
    [InlineData("[\"a\\x\"]", 4, "Invalid JSON at byte 4: expected an escape character ('\"', '\\', '/', 'b', 'f', 'n', 'r', 't' or 'u') after '\\', found 'x'.")]
    [InlineData("[\"\\u12G4\"]", 6, "Invalid JSON at byte 6: expected a hexadecimal digit in a \\u escape, found 'G'.")]
    [InlineData("[\"a\tb\"]", 3, "Invalid JSON at byte 3: the control character U+0009 must be escaped in a string.")]
    [InlineData("{} x", 3, "Invalid JSON at byte 3: expected the end of the input after the root value, found 'x'.")]
    [InlineData("1 2", 2, "Invalid JSON at byte 2: expected the end of the input after the root value, found '2'.")]
    public void Malformed_input_is_rejected_at_the_offending_byte_for_any_chunking(string json, long position, string message)
    {
        JsonStreamException[] errors = RejectionsInEveryChunking(Encoding.UTF8.GetBytes(json));

        Assert.All(errors, e =>
        {
            Assert.Equal(JsonStreamErrorReason.Malformed, e.Reason);
            Assert.Equal(position, e.BytePosition);
            Assert.Equal(message, e.Message);
        });
    }

    [Theory]
    [InlineData(new byte[] { 0x22, 0x61, 0xC3, 0x28, 0x22 }, 3)]             // a 2-byte character cut by an ASCII byte
    [InlineData(new byte[] { 0x22, 0x61, 0xC3, 0x22 }, 3)]                   // ... cut by the closing quote
    [InlineData(new byte[] { 0x22, 0xC0, 0xAF, 0x22 }, 1)]                   // overlong '/'
    [InlineData(new byte[] { 0x22, 0xE0, 0x80, 0xAF, 0x22 }, 2)]             // overlong 3-byte form
    [InlineData(new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 }, 2)]             // U+D800 encoded in UTF-8
    [InlineData(new byte[] { 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22 }, 2)]       // above U+10FFFF
    [InlineData(new byte[] { 0x22, 0x61, 0xF5, 0x80, 0x22 }, 2)]             // a byte that never occurs in UTF-8
    [InlineData(new byte[] { 0x22, 0x80, 0x22 }, 1)]                         // a lone continuation byte
    [InlineData(new byte[] { 0x22, 0xE2, 0x82, 0xAC, 0xE2, 0x82, 0x22 }, 6)] // a valid '€', then a cut one
    [InlineData(new byte[] { 0x5B, 0xC3, 0xA9, 0x5D }, 1)]                   // non-ASCII outside a string
    public void Invalid_UTF8_is_rejected_at_the_same_byte_for_any_chunking(byte[] document, long position)
    {
        JsonStreamException[] errors = RejectionsInEveryChunking(document);

        Assert.All(errors, e =>
        {
            Assert.Equal(JsonStreamErrorReason.Malformed, e.Reason);
            Assert.Equal(position, e.BytePosition);
            Assert.StartsWith($"Invalid JSON at byte {position}: ", e.Message);
        });
    }

    [Fact]
    public void Nesting_deeper_than_MaxDepth_is_rejected()
    {
        var tokenizer = new JsonStreamTokenizer(new JsonStreamTokenizerOptions { MaxDepth = 3 });

        var error = Assert.Throws<JsonStreamException>(() => tokenizer.Append("[[{\"a\":[1]}]]"u8, new TokenRecorder()));

        Assert.Equal(JsonStreamErrorReason.DepthExceeded, error.Reason);
        Assert.Equal(7, error.BytePosition);
        Assert.Equal("JSON nested too deeply at byte 7: more than 3 arrays and objects are nested (the limit is MaxDepth).", error.Message);
    }

    [Fact]
    public void The_default_limit_accepts_64_levels_and_rejects_65()
    {
        byte[] deepest = Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64));
        byte[] tooDeep = Encoding.UTF8.GetBytes(new string('[', 65) + new string(']', 65));

        List<string> tokens = TokenizerFeeding.Tokenize(deepest, [0..deepest.Length]);
        var error = Assert.Throws<JsonStreamException>(() => TokenizerFeeding.Tokenize(tooDeep, [0..tooDeep.Length]));

        Assert.Equal(128, tokens.Count);
        Assert.Equal(JsonStreamErrorReason.DepthExceeded, error.Reason);
        Assert.Equal(64, error.BytePosition);
    }

    [Fact]
    public void A_million_opening_brackets_are_rejected_without_a_stack_overflow()
    {
        byte[] hostile = new byte[1_000_000];
        hostile.AsSpan().Fill((byte)'[');

        var error = Assert.Throws<JsonStreamException>(() => new JsonStreamTokenizer().Append(hostile, new TokenRecorder()));

        Assert.Equal(JsonStreamErrorReason.DepthExceeded, error.Reason);
    }

    [Fact]
    public void Input_over_MaxBytes_is_rejected_at_the_limit()
    {
        byte[] document = "{\"a\":\"0123456789\"}"u8.ToArray();
        var options = new JsonStreamTokenizerOptions { MaxBytes = 10 };

        JsonStreamException[] errors = RejectionsInEveryChunking(document, options);

        Assert.All(errors, e =>
        {
            Assert.Equal(JsonStreamErrorReason.SizeExceeded, e.Reason);
            Assert.Equal(10, e.BytePosition);
            Assert.Equal("JSON input too large at byte 10: the input is longer than the limit of 10 bytes.", e.Message);
        });
    }

    [Fact]
    public void Input_of_exactly_MaxBytes_is_accepted()
    {
        byte[] document = "{\"a\":\"0123456789\"}"u8.ToArray();

        List<string> tokens = TokenizerFeeding.Tokenize(document, [0..document.Length], new JsonStreamTokenizerOptions { MaxBytes = document.Length });

        Assert.Equal(["{", "name:a", "string:0123456789", "}"], tokens);
    }

    [Theory]
    [InlineData("", 0, "Incomplete JSON at byte 0: the input has no JSON value.")]
    [InlineData("  \n ", 4, "Incomplete JSON at byte 4: the input has no JSON value.")]
    [InlineData("{\"a\":", 5, "Incomplete JSON at byte 5: the input ends inside an object (1 still open).")]
    [InlineData("[[1,2]", 6, "Incomplete JSON at byte 6: the input ends inside an array (1 still open).")]
    [InlineData("{\"a\":\"unfinished", 16, "Incomplete JSON at byte 16: the input ends inside a string.")]
    [InlineData("{\"unfini", 8, "Incomplete JSON at byte 8: the input ends inside a property name.")]
    [InlineData("[12", 3, "Incomplete JSON at byte 3: the input ends inside a number.")]
    [InlineData("-", 1, "Incomplete JSON at byte 1: the input ends inside a number.")]
    [InlineData("1.", 2, "Incomplete JSON at byte 2: the input ends inside a number.")]
    [InlineData("nul", 3, "Incomplete JSON at byte 3: the input ends inside 'null'.")]
    public void A_truncated_document_is_rejected_at_Complete(string json, long position, string message)
    {
        var tokenizer = new JsonStreamTokenizer();
        var recorder = new TokenRecorder();
        tokenizer.Append(Encoding.UTF8.GetBytes(json), recorder);

        var error = Assert.Throws<JsonStreamException>(() => tokenizer.Complete(recorder));

        Assert.Equal(JsonStreamErrorReason.Truncated, error.Reason);
        Assert.Equal(position, error.BytePosition);
        Assert.Equal(message, error.Message);
        Assert.False(tokenizer.IsRootComplete);
    }

    [Theory]
    [InlineData("{\"a\":1} garbage {[\"", 7, new[] { "{", "name:a", "number:1", "}" })]
    [InlineData("[true]]]", 6, new[] { "[", "true", "]" })]
    [InlineData(" 12abc", 3, new[] { "number:12" })]
    [InlineData("\"done\"\u00ff\u0000", 6, new[] { "string:done" })]
    public void IgnoreTrailingContent_ignores_everything_after_the_root_value(string json, long rootEnd, string[] expected)
    {
        byte[] document = Encoding.UTF8.GetBytes(json);
        var options = new JsonStreamTokenizerOptions { IgnoreTrailingContent = true };

        foreach (int size in new[] { 0, 1, 2, 3 })
        {
            var tokenizer = new JsonStreamTokenizer(options);
            var recorder = new TokenRecorder();
            foreach (Range piece in TokenizerFeeding.FixedPieces(document.Length, size))
            {
                tokenizer.Append(document.AsSpan(piece), recorder);
            }

            tokenizer.Complete(recorder);
            Assert.Equal(expected, recorder.Tokens);
            Assert.True(tokenizer.IsRootComplete);
            Assert.Equal(rootEnd, tokenizer.BytesConsumed);
        }
    }

    [Fact]
    public void IgnoreTrailingContent_ignores_unpaired_surrogates_in_text_after_the_root_value()
    {
        var tokenizer = new JsonStreamTokenizer(new JsonStreamTokenizerOptions { IgnoreTrailingContent = true });
        var recorder = new TokenRecorder();

        tokenizer.Append(("{} " + (char)0xD800 + " and " + (char)0xDBFF).AsSpan(), recorder);
        tokenizer.Append("more".AsSpan(), recorder);
        tokenizer.Complete(recorder);

        Assert.Equal(["{", "}"], recorder.Tokens);
        Assert.Equal(2, tokenizer.BytesConsumed);
    }

    [Fact]
    public void Ignored_trailing_content_does_not_count_against_MaxBytes()
    {
        var tokenizer = new JsonStreamTokenizer(new JsonStreamTokenizerOptions { IgnoreTrailingContent = true, MaxBytes = 4 });
        var recorder = new TokenRecorder();

        tokenizer.Append("[1] and then a long explanation"u8, recorder);
        tokenizer.Complete(recorder);

        Assert.Equal(["[", "number:1", "]"], recorder.Tokens);
    }

    [Fact]
    public void After_an_error_every_call_fails_the_same_way_until_Reset()
    {
        var tokenizer = new JsonStreamTokenizer();
        var recorder = new TokenRecorder();
        var first = Assert.Throws<JsonStreamException>(() => tokenizer.Append("[1,,"u8, recorder));

        var again = Assert.Throws<JsonStreamException>(() => tokenizer.Append("2]"u8, recorder));
        var atComplete = Assert.Throws<JsonStreamException>(() => tokenizer.Complete(recorder));
        var asText = Assert.Throws<JsonStreamException>(() => tokenizer.Append("2]".AsSpan(), recorder));

        Assert.All([again, atComplete, asText], e =>
        {
            Assert.Equal(first.Message, e.Message);
            Assert.Equal(first.BytePosition, e.BytePosition);
            Assert.Equal(first.Reason, e.Reason);
        });
        tokenizer.Reset();
        tokenizer.Append("[2]"u8, recorder);
        tokenizer.Complete(recorder);
        Assert.True(tokenizer.IsRootComplete);
    }

    // The surrogate is passed as a number: attribute strings cannot hold a lone surrogate.
    [Fact]
    public void After_a_sink_callback_throws_the_tokenizer_refuses_input_until_Reset()
    {
        var tokenizer = new JsonStreamTokenizer();
        var failingSink = new ThrowingSink();
        Assert.Throws<TimeoutException>(() => tokenizer.Append("[\"a\","u8, failingSink));

        var error = Assert.Throws<InvalidOperationException>(() => tokenizer.Append("\"b\"]"u8, new TokenRecorder()));

        Assert.Contains("Reset()", error.Message);
        tokenizer.Reset();
        var recorder = new TokenRecorder();
        tokenizer.Append("[\"b\"]"u8, recorder);
        tokenizer.Complete(recorder);
        Assert.Equal(["[", "string:b", "]"], recorder.Tokens);
    }

    [Theory]
    [InlineData(0xD800, "\"]")]
    [InlineData(0xDC00, "b\"]")]
    public void Text_with_an_unpaired_surrogate_is_rejected(int surrogate, string after)
    {
        string json = "[\"a" + (char)surrogate + after;
        var tokenizer = new JsonStreamTokenizer();

        var error = Assert.Throws<JsonStreamException>(() => tokenizer.Append(json.AsSpan(), new TokenRecorder()));

        Assert.Equal(JsonStreamErrorReason.Malformed, error.Reason);
        Assert.Equal(3, error.BytePosition);
        Assert.Contains("unpaired surrogate", error.Message);
    }

    [Fact]
    public void Text_ending_with_half_a_surrogate_pair_is_rejected_at_Complete()
    {
        var tokenizer = new JsonStreamTokenizer();
        var recorder = new TokenRecorder();
        tokenizer.Append("\"a\uD83D".AsSpan(), recorder);

        var error = Assert.Throws<JsonStreamException>(() => tokenizer.Complete(recorder));

        Assert.Equal(JsonStreamErrorReason.Malformed, error.Reason);
        Assert.Equal(2, error.BytePosition);
        Assert.Equal("Invalid JSON at byte 2: the character input has an unpaired surrogate U+D83D.", error.Message);
    }

    [Fact]
    public void A_byte_order_mark_after_the_start_is_rejected()
    {
        JsonStreamException[] errors = RejectionsInEveryChunking([(byte)' ', 0xEF, 0xBB, 0xBF, (byte)'1']);

        Assert.All(errors, e => Assert.Equal(1, e.BytePosition));
    }

    private static JsonStreamException[] RejectionsInEveryChunking(byte[] document, JsonStreamTokenizerOptions? options = null) =>
        new[] { 0, 1, 2, 3, 7 }
            .Select(size => Assert.Throws<JsonStreamException>(
                () => TokenizerFeeding.Tokenize(document, TokenizerFeeding.FixedPieces(document.Length, size), options)))
            .ToArray();

    private sealed class ThrowingSink : IJsonTokenSink
    {
        public void OnStartObject()
        {
        }

        public void OnEndObject()
        {
        }

        public void OnStartArray()
        {
        }

        public void OnEndArray()
        {
        }

        public void OnPropertyName(ReadOnlySpan<byte> utf8Name)
        {
        }

        public void OnStringStart() => throw new TimeoutException("the consumer gave up");

        public void OnStringChunk(ReadOnlySpan<byte> utf8)
        {
        }

        public void OnStringEnd()
        {
        }

        public void OnNumber(ReadOnlySpan<byte> utf8Number)
        {
        }

        public void OnLiteral(JsonLiteral literal)
        {
        }
    }
}
