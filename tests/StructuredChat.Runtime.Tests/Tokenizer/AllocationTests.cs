using System.Text;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Tokenizer;

/// <summary>
/// Once its buffers have grown, the tokenizer allocates nothing per token or per chunk: reading a document of any
/// size in 4-byte pieces into a sink that allocates nothing allocates less than a small fixed bound.
/// </summary>
public sealed class AllocationTests
{
    private const long AllocationBound = 1024;
    private const int PieceSize = 4;

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(1024 * 1024)]
    public void Reading_UTF8_in_4_byte_pieces_allocates_less_than_1_KB_whatever_the_size(int size)
    {
        byte[] document = Document(size);

        long allocated = AllocatedBytesOnceWarm((tokenizer, sink) => ReadInPieces(tokenizer, document, sink));

        Assert.True(allocated < AllocationBound, $"{allocated} bytes allocated for a {document.Length}-byte document");
    }

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(1024 * 1024)]
    public void Reading_text_in_4_character_pieces_allocates_less_than_1_KB_whatever_the_size(int size)
    {
        string document = Encoding.UTF8.GetString(Document(size));

        long allocated = AllocatedBytesOnceWarm((tokenizer, sink) => ReadInPieces(tokenizer, document, sink));

        Assert.True(allocated < AllocationBound, $"{allocated} bytes allocated for a {document.Length}-character document");
    }

    // Reads the document once to grow the buffers, then measures a second reading after Reset.
    private static long AllocatedBytesOnceWarm(Action<JsonStreamTokenizer, CountingSink> read)
    {
        var tokenizer = new JsonStreamTokenizer();
        var sink = new CountingSink();
        read(tokenizer, sink);
        long warmTokens = sink.Tokens;
        tokenizer.Reset();
        sink.Clear();

        long before = GC.GetAllocatedBytesForCurrentThread();
        read(tokenizer, sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(tokenizer.IsRootComplete);
        Assert.Equal(warmTokens, sink.Tokens);
        return allocated;
    }

    private static void ReadInPieces(JsonStreamTokenizer tokenizer, byte[] document, CountingSink sink)
    {
        for (int start = 0; start < document.Length; start += PieceSize)
        {
            tokenizer.Append(document.AsSpan(start, Math.Min(PieceSize, document.Length - start)), sink);
        }

        tokenizer.Complete(sink);
    }

    private static void ReadInPieces(JsonStreamTokenizer tokenizer, string document, CountingSink sink)
    {
        for (int start = 0; start < document.Length; start += PieceSize)
        {
            tokenizer.Append(document.AsSpan(start, Math.Min(PieceSize, document.Length - start)), sink);
        }

        tokenizer.Complete(sink);
    }

    // An array of records with every kind of token: escapes, non-ASCII, surrogate pairs, numbers, literals, nesting.
    private static byte[] Document(int size)
    {
        var json = new StringBuilder("[");
        for (int i = 0; json.Length < size; i++)
        {
            json.Append(i == 0 ? "" : ",")
                .Append($$"""{"id":{{i}},"name":"Ada Lovelace {{i}}","note":"line\nbreak \u00e9 \uD83D\uDE00 Zürich 😀 \"q\"","score":-12.5e-3,""")
                .Append("""     "ok":true,"none":null,"tags":["a","b\/c"],"n\u00e4me":{"x":[1,2.25,-0]}}""");
        }

        return Encoding.UTF8.GetBytes(json.Append(']').ToString());
    }

    private sealed class CountingSink : IJsonTokenSink
    {
        public long Tokens { get; private set; }

        public void Clear() => Tokens = 0;

        public void OnStartObject() => Tokens++;

        public void OnEndObject() => Tokens++;

        public void OnStartArray() => Tokens++;

        public void OnEndArray() => Tokens++;

        public void OnPropertyName(ReadOnlySpan<byte> utf8Name) => Tokens += utf8Name.Length > 0 ? 1 : 0;

        public void OnStringStart() => Tokens++;

        public void OnStringChunk(ReadOnlySpan<byte> utf8)
        {
        }

        public void OnStringEnd()
        {
        }

        public void OnNumber(ReadOnlySpan<byte> utf8Number) => Tokens++;

        public void OnLiteral(JsonLiteral literal) => Tokens++;
    }
}
