using System.Text;
using System.Text.Json;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Tokenizer;

/// <summary>Ways of feeding a document to a tokenizer, and the reference token stream from System.Text.Json.</summary>
internal static class TokenizerFeeding
{
    /// <summary>Feeds the document in the given pieces, then completes it, and returns the tokens.</summary>
    public static List<string> Tokenize(byte[] document, IEnumerable<Range> pieces, JsonStreamTokenizerOptions? options = null)
    {
        var tokenizer = new JsonStreamTokenizer(options);
        var recorder = new TokenRecorder();
        foreach (Range piece in pieces)
        {
            tokenizer.Append(document.AsSpan(piece), recorder);
        }

        tokenizer.Complete(recorder);
        Assert.True(tokenizer.IsRootComplete);
        return recorder.Tokens;
    }

    /// <summary>Consecutive pieces of a fixed size (the last may be shorter); 0 means the whole document.</summary>
    public static IEnumerable<Range> FixedPieces(int length, int size)
    {
        if (size <= 0)
        {
            yield return 0..length;
            yield break;
        }

        for (int start = 0; start < length; start += size)
        {
            yield return start..Math.Min(length, start + size);
        }
    }

    /// <summary>Consecutive pieces of random sizes from 1 to <paramref name="maxSize"/>.</summary>
    public static List<Range> RandomPieces(int length, int seed, int maxSize)
    {
        var random = new Random(seed);
        var pieces = new List<Range>();
        for (int start = 0; start < length;)
        {
            int end = Math.Min(length, start + random.Next(1, maxSize + 1));
            pieces.Add(start..end);
            start = end;
        }

        return pieces;
    }

    /// <summary>The tokens that <see cref="Utf8JsonReader"/> reports for the whole document, in the recorder's format.</summary>
    public static List<string> ReferenceTokens(byte[] document)
    {
        var tokens = new List<string>();
        var reader = new Utf8JsonReader(document);
        while (reader.Read())
        {
            tokens.Add(reader.TokenType switch
            {
                JsonTokenType.StartObject => "{",
                JsonTokenType.EndObject => "}",
                JsonTokenType.StartArray => "[",
                JsonTokenType.EndArray => "]",
                JsonTokenType.PropertyName => "name:" + reader.GetString(),
                JsonTokenType.String => "string:" + reader.GetString(),
                JsonTokenType.Number => "number:" + Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => "null",
                _ => throw new InvalidOperationException($"unexpected token {reader.TokenType}"),
            });
        }

        return tokens;
    }
}
