using BenchmarkDotNet.Attributes;
using StructuredChat.Streaming;

namespace StructuredChat.Benchmarks;

/// <summary>
/// Issue 12: the fixed cost of one <c>Append</c>, measured directly: 4-byte appends inside one long plain ASCII string,
/// where the per-byte work is as small as it gets. Reported per <c>Append</c> (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class AppendCostBenchmarks
{
    private const int Appends = 16_384;
    private const int ChunkSize = 4;
    private static readonly byte[] Prefix = """{"title":"t","body":" """u8.ToArray();
    private static readonly byte[] Text = Enumerable.Repeat((byte)'a', Appends * ChunkSize).ToArray();

    [Benchmark(OperationsPerInvoke = Appends, Description = "Append, 4 bytes inside a string")]
    public PartialJsonReader<Essay> AppendInsideString()
    {
        var reader = PartialJsonReader<Essay>.Create();
        reader.Append(Prefix);
        var text = Text.AsSpan();
        for (var start = 0; start < text.Length; start += ChunkSize)
        {
            reader.Append(text.Slice(start, ChunkSize));
        }

        return reader;
    }
}
