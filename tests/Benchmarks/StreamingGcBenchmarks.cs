using BenchmarkDotNet.Attributes;
using StructuredChat.Streaming;

namespace StructuredChat.Benchmarks;

/// <summary>
/// Issue 12: no gen2 collection while a 1 MB answer streams. The whole document through <c>Append</c>, without
/// <c>Complete()</c>, whose result (a megabyte string, thousands of objects) is the user's and is allocated by
/// System.Text.Json too; read the Gen2 column (collections per 1,000 operations) and the bytes per <c>Append</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReaderConfig))]
public class StreamingGcBenchmarks
{
    private byte[] _document = [];

    [ParamsSource(nameof(DocumentNames))]
    public string Document { get; set; } = "";

    [ParamsSource(nameof(ChunkSizes))]
    public int ChunkSize { get; set; }

    public static IEnumerable<string> DocumentNames => Documents.LargestNames;

    public static IEnumerable<int> ChunkSizes => Documents.ChunkSizes;

    [GlobalSetup]
    public void Setup() => _document = Documents.Get(Document);

    [Benchmark(Description = "PartialJsonReader, chunked, no Complete()")]
    public object AppendOnly() => Document.StartsWith("string", StringComparison.Ordinal)
        ? Stream<Essay>(_document, ChunkSize)
        : Stream<Catalog>(_document, ChunkSize);

    private static PartialJsonReader<T> Stream<T>(byte[] document, int chunkSize)
        where T : IParallelResponse<T>
    {
        var reader = PartialJsonReader<T>.Create();
        var span = document.AsSpan();
        for (var start = 0; start < span.Length; start += chunkSize)
        {
            reader.Append(span.Slice(start, Math.Min(chunkSize, span.Length - start)));
        }

        return reader;
    }
}
