using System.Text;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Tokenizer;

/// <summary>
/// Valid documents give the same tokens (string chunks joined) however they are split, and those tokens are what
/// <see cref="System.Text.Json.Utf8JsonReader"/> reads from the whole document.
/// </summary>
public sealed class TokenStreamEquivalenceTests
{
    private const int RandomChunkingsPerDocument = 300;
    private const int FirstSeed = 20261123;

    public static TheoryData<string> Documents => new(
        """{"name":"Parallel Web Systems","founded":2023,"public":false,"parent":null}""",
        """  [ 1 , -0 , 0.1 , 1e308 , -1.5E-7 , 2e+10 , 9223372036854775807 , 3.14159265358979323846264338327950288 ]  """,
        """{"city":"Zürich","greeting":"こんにちは世界","emoji":"😀🎉","mixed":"a€b𝄞c"}""",
        """{"escapes":"quote \" backslash \\ slash \/ \b\f\n\r\t end","unicode":"\u00e9\u4e16\uD83D\uDE00\u0000"}""",
        """{"\u006e\u0061me":"escaped name","ключ":"значение","😀":"emoji key","":"empty key"}""",
        """[[],{},[[]],{"a":{}},[{"b":[]}],"",0]""",
        """
        {
          "founders": [
            { "name": "Parag Agrawal", "role": "CEO", "tags": ["ai", "search"] },
            { "name": "Ana \"Q\" Smith", "role": null, "score": -12.5e-3 }
          ],
          "size": "medium",
          "active": true
        }
        """,
        "\"a top-level string with \\u00e9 and é\"",
        "123456789012345678901234567890",
        "-0.000000000000000000001e-00000000",
        "true",
        "null",
        """{"long":"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat."}""",
        """{"surrogates":"\ud83d\ude00\uD834\uDD1E","bmp":"\uFFFF\uFEFF\u2028\u2029","controls":"\u001f\u007f"}""");

    [Theory]
    [MemberData(nameof(Documents))]
    public void One_byte_pieces_give_the_tokens_Utf8JsonReader_reads_from_the_whole_document(string json)
    {
        byte[] document = Encoding.UTF8.GetBytes(json);

        List<string> tokens = TokenizerFeeding.Tokenize(document, TokenizerFeeding.FixedPieces(document.Length, 1));

        Assert.Equal(TokenizerFeeding.ReferenceTokens(document), tokens);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_whole_document_at_once_gives_the_tokens_Utf8JsonReader_reads(string json)
    {
        byte[] document = Encoding.UTF8.GetBytes(json);

        List<string> tokens = TokenizerFeeding.Tokenize(document, [0..document.Length]);

        Assert.Equal(TokenizerFeeding.ReferenceTokens(document), tokens);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Random_pieces_give_the_same_tokens_as_the_whole_document(string json)
    {
        byte[] document = Encoding.UTF8.GetBytes(json);
        List<string> expected = TokenizerFeeding.ReferenceTokens(document);

        for (int seed = FirstSeed; seed < FirstSeed + RandomChunkingsPerDocument; seed++)
        {
            List<Range> pieces = TokenizerFeeding.RandomPieces(document.Length, seed, maxSize: 1 + (seed % 13));
            List<string> tokens = TokenizerFeeding.Tokenize(document, pieces);
            Assert.True(
                expected.SequenceEqual(tokens),
                $"seed {seed} (pieces {string.Join(",", pieces.Select(p => p.End.Value - p.Start.Value))}): expected {string.Join(" ", expected)} but got {string.Join(" ", tokens)}");
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void One_character_pieces_of_text_give_the_same_tokens_as_UTF8_bytes(string json)
    {
        var tokenizer = new JsonStreamTokenizer();
        var recorder = new TokenRecorder();

        for (int i = 0; i < json.Length; i++)
        {
            tokenizer.Append(json.AsSpan(i, 1), recorder);
        }

        tokenizer.Complete(recorder);
        Assert.Equal(TokenizerFeeding.ReferenceTokens(Encoding.UTF8.GetBytes(json)), recorder.Tokens);
    }
}
