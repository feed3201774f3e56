using System.Text;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Tokenizer;

/// <summary>What a consumer sees while a document is still arriving.</summary>
public sealed class StreamingBehaviourTests
{
    private readonly JsonStreamTokenizer _tokenizer = new();
    private readonly TokenRecorder _recorder = new();

    [Fact]
    public void A_string_value_grows_with_each_append()
    {
        Append("{\"name\":\"Parallel W");
        Assert.Equal(["Parallel W"], _recorder.StringChunks[0]);

        Append("eb Sys");
        Assert.Equal(["Parallel W", "eb Sys"], _recorder.StringChunks[0]);

        Append("tems\"}");
        Assert.Equal(["{", "name:name", "string:Parallel Web Systems", "}"], _recorder.Tokens);
    }

    [Fact]
    public void A_string_with_escapes_read_in_one_append_arrives_as_one_chunk()
    {
        Append("[\"line\\nbreak \\u00e9 \\\"quoted\\\" \\uD83D\\uDE00 end\"]");

        Assert.Equal(["line\nbreak é \"quoted\" 😀 end"], _recorder.StringChunks[0]);
    }

    [Fact]
    public void A_multi_byte_character_split_across_appends_is_reported_once_whole()
    {
        byte[] document = Encoding.UTF8.GetBytes("\"aé😀b\"");

        for (int i = 0; i < document.Length; i++)
        {
            _tokenizer.Append(document.AsSpan(i, 1), _recorder);
        }

        Assert.Equal(["a", "é", "😀", "b"], _recorder.StringChunks[0]);
    }

    [Theory]
    [InlineData("\"x\\u00", "e9\"", "é")]
    [InlineData("\"x\\", "u00e9\"", "é")]
    [InlineData("\"x\\uD83D", "\\uDE00\"", "😀")]
    [InlineData("\"x\\uD83D\\", "uDE00\"", "😀")]
    [InlineData("\"x\\uD83D\\u", "DE00\"", "😀")]
    [InlineData("\"x\\uD83D\\uDE", "00\"", "😀")]
    public void An_escape_split_across_appends_is_reported_once_resolved(string first, string second, string character)
    {
        Append(first);
        Append(second);

        Assert.Equal(["x", character], _recorder.StringChunks[0]);
    }

    [Theory]
    [InlineData("\"\\uD800\"", "\uFFFD")]
    [InlineData("\"\\uDC00x\"", "\uFFFDx")]
    [InlineData("\"\\uD800\\u0041\"", "\uFFFDA")]
    [InlineData("\"\\uD800\\n\"", "\uFFFD\n")]
    [InlineData("\"\\uD800x\"", "\uFFFDx")]
    [InlineData("\"\\uD800\\uD800\\uDC00\"", "\uFFFD\U00010000")]
    [InlineData("\"\\uDE00\\uD83D\"", "\uFFFD\uFFFD")]
    public void A_lone_surrogate_escape_is_accepted_as_U_FFFD(string json, string expected)
    {
        byte[] document = Encoding.UTF8.GetBytes(json);

        foreach (int size in new[] { 0, 1, 2, 3 })
        {
            List<string> tokens = TokenizerFeeding.Tokenize(document, TokenizerFeeding.FixedPieces(document.Length, size));
            Assert.Equal(["string:" + expected], tokens);
        }
    }

    [Fact]
    public void A_number_is_reported_only_once_the_byte_after_it_arrives()
    {
        Append("[12");
        Append("3.");
        Append("5e1");
        Assert.Equal(["["], _recorder.Tokens);

        Append("]");
        Assert.Equal(["[", "number:123.5e1", "]"], _recorder.Tokens);
    }

    [Fact]
    public void A_top_level_number_is_reported_at_Complete()
    {
        Append("-0.2");
        Append("5");
        Assert.Empty(_recorder.Tokens);
        Assert.False(_tokenizer.IsRootComplete);

        _tokenizer.Complete(_recorder);

        Assert.Equal(["number:-0.25"], _recorder.Tokens);
        Assert.True(_tokenizer.IsRootComplete);
    }

    [Fact]
    public void A_literal_is_reported_only_once_complete()
    {
        Append("[tr");
        Assert.Equal(["["], _recorder.Tokens);

        Append("ue,fals");
        Assert.Equal(["[", "true"], _recorder.Tokens);

        Append("e,n");
        Append("ull]");
        Assert.Equal(["[", "true", "false", "null", "]"], _recorder.Tokens);
    }

    [Fact]
    public void A_property_name_split_across_appends_is_reported_once_complete_and_unescaped()
    {
        Append("{\"ab\\u00");
        Append("e9c");
        Assert.Equal(["{"], _recorder.Tokens);

        Append("d\":1}");

        Assert.Equal(["{", "name:abécd", "number:1", "}"], _recorder.Tokens);
    }

    [Fact]
    public void Text_with_a_surrogate_pair_split_between_appends_gives_the_same_tokens()
    {
        const string json = "{\"e\":\"a😀b\",\"😀\":\"😀\"}";

        foreach (int split in Enumerable.Range(1, json.Length - 1))
        {
            var tokenizer = new JsonStreamTokenizer();
            var recorder = new TokenRecorder();
            tokenizer.Append(json.AsSpan(0, split), recorder);
            tokenizer.Append(json.AsSpan(split), recorder);
            tokenizer.Complete(recorder);

            Assert.Equal(["{", "name:e", "string:a😀b", "name:😀", "string:😀", "}"], recorder.Tokens);
        }
    }

    [Fact]
    public void Depth_and_IsRootComplete_follow_the_document()
    {
        Append("{\"a\":[");
        Assert.Equal(2, _tokenizer.Depth);
        Assert.False(_tokenizer.IsRootComplete);

        Append("1]");
        Assert.Equal(1, _tokenizer.Depth);

        Append("} ");
        Assert.Equal(0, _tokenizer.Depth);
        Assert.True(_tokenizer.IsRootComplete);
        Assert.Equal(10, _tokenizer.BytesConsumed);
    }

    [Fact]
    public void A_UTF8_byte_order_mark_at_the_start_is_skipped()
    {
        _tokenizer.Append([0xEF], _recorder);
        _tokenizer.Append([0xBB, 0xBF, (byte)'[', (byte)']'], _recorder);
        _tokenizer.Complete(_recorder);

        Assert.Equal(["[", "]"], _recorder.Tokens);
        Assert.Equal(5, _tokenizer.BytesConsumed);
    }

    [Fact]
    public void Reset_starts_a_new_document()
    {
        Append("{\"a\":\"unfinished");
        _tokenizer.Reset();
        var recorder = new TokenRecorder();

        _tokenizer.Append("[1]"u8, recorder);
        _tokenizer.Complete(recorder);

        Assert.Equal(["[", "number:1", "]"], recorder.Tokens);
        Assert.Equal(3, _tokenizer.BytesConsumed);
    }

    private void Append(string text) => _tokenizer.Append(Encoding.UTF8.GetBytes(text), _recorder);
}
