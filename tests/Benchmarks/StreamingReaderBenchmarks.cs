using BenchmarkDotNet.Attributes;
using StructuredChat.Streaming;

namespace StructuredChat.Benchmarks;

/// <summary>
/// Issue 3: the whole document streamed through <see cref="PartialJsonReader{T}"/> in chunks of 1, 4, 16 and 256 bytes,
/// against System.Text.Json (source-generated) deserializing the whole text once: the baseline of each row's ratio.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReaderConfig))]
public class StreamingReaderBenchmarks
{
    private byte[] _document = [];

    [ParamsSource(nameof(DocumentNames))]
    public string Document { get; set; } = "";

    [ParamsSource(nameof(ChunkSizes))]
    public int ChunkSize { get; set; }

    public static IEnumerable<string> DocumentNames => Documents.Names;

    public static IEnumerable<int> ChunkSizes => Documents.ChunkSizes;

    [GlobalSetup]
    public void Setup() => _document = Documents.Get(Document);

    [Benchmark(Baseline = true, Description = "System.Text.Json, whole text once")]
    public object SystemTextJsonOneShot() => Document.StartsWith("string", StringComparison.Ordinal)
        ? System.Text.Json.JsonSerializer.Deserialize(_document, BenchmarkJsonContext.Default.Essay)!
        : System.Text.Json.JsonSerializer.Deserialize(_document, BenchmarkJsonContext.Default.Catalog)!;

    [Benchmark(Description = "PartialJsonReader, chunked")]
    public object PartialReaderStreaming() => Document.StartsWith("string", StringComparison.Ordinal)
        ? Stream<Essay>(_document, ChunkSize)
        : Stream<Catalog>(_document, ChunkSize);

    internal static T Stream<T>(byte[] document, int chunkSize)
        where T : IParallelResponse<T> => AppendAll<T>(document, chunkSize).Complete();

    internal static PartialJsonReader<T> AppendAll<T>(byte[] document, int chunkSize)
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
