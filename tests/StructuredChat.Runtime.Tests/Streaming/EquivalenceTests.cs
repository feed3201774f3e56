using System.Text;
using StructuredChat.Runtime.Tests.Tokenizer;
using Xunit;

namespace StructuredChat.Runtime.Tests.Streaming;

/// <summary>The final object equals what System.Text.Json makes of the whole text, however the text is split.</summary>
public class EquivalenceTests
{
    private const int RandomChunkingsPerDocument = 2_000;
    private const int Seed = 20261123;

    public static TheoryData<string> CaseNames() => new(Corpus.All().Select(c => c.Name));

    private static Corpus.Case Find(string name) => Corpus.All().Single(c => c.Name == name);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Whole_text_reads_to_the_same_object_as_System_Text_Json(string name)
    {
        var corpusCase = Find(name);
        corpusCase.Check(corpusCase.Json, null);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void One_byte_chunks_read_to_the_same_object_as_System_Text_Json(string name)
    {
        var corpusCase = Find(name);
        corpusCase.Check(corpusCase.Json, EquivalenceCheck.OneByte(Encoding.UTF8.GetByteCount(corpusCase.Json)));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Random_chunkings_read_to_the_same_object_as_System_Text_Json(string name)
    {
        var corpusCase = Find(name);
        var length = Encoding.UTF8.GetByteCount(corpusCase.Json);
        for (var i = 0; i < RandomChunkingsPerDocument; i++)
        {
            var seed = Seed + i;
            var pieces = TokenizerFeeding.RandomPieces(length, seed, maxSize: 1 + (i % 16));
            try
            {
                corpusCase.Check(corpusCase.Json, pieces);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"Chunking with seed {seed} (max piece {1 + (i % 16)}) of '{name}' failed: {e.Message}");
            }
        }
    }

    [Fact]
    public void The_corpus_covers_at_least_ten_types()
    {
        var types = typeof(EquivalenceTests).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(EquivalenceTests).Namespace && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParallelResponse<>)));
        Assert.True(types.Count() >= 10, string.Join(", ", types.Select(t => t.Name)));
    }
}
