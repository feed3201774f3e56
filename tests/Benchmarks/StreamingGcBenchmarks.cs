using BenchmarkDotNet.Attributes;

namespace StructuredChat.Benchmarks;

/// <summary>
/// Issue 12: no gen2 collection while a 1 MB answer streams. The whole document through <c>Append</c>, without
/// <c>Complete()</c>, whose result (a string of megabytes, thousands of objects) is the user's and is allocated by
/// System.Text.Json too; read the Gen2 column (collections per 1,000 operations), and Allocated divided by the number
/// of chunks for the bytes per <c>Append</c>.
/// </summary>
[MemoryDiagnoser]
public class StreamingGcBenchmarks
{
    private byte[] _document = [];
    private int _chunkSize;

    /// <summary>A document and the chunk size, as <c>string-1MB, 4 B</c>.</summary>
    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    public static IEnumerable<string> Cases => Documents.LargestNames.SelectMany(name => Documents.ChunkSizes.Select(size => $"{name}, {size} B"));

    [GlobalSetup]
    public void Setup()
    {
        var parts = Case.Split(", ");
        _document = Documents.Get(parts[0]);
        _chunkSize = int.Parse(parts[1][..^2], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Benchmark(Description = "PartialJsonReader, appends only (no Complete())")]
    public object AppendOnly() => Case.StartsWith("string", StringComparison.Ordinal)
        ? StreamingReaderBenchmarks.AppendAll<Essay>(_document, _chunkSize)
        : StreamingReaderBenchmarks.AppendAll<Catalog>(_document, _chunkSize);
}
