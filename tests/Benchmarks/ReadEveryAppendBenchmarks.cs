using System.Text.Json;
using BenchmarkDotNet.Attributes;
using StructuredChat.Streaming;

namespace StructuredChat.Benchmarks;

/// <summary>
/// Issue 10: the README's streaming pattern, reading every string property of the partial after every <c>Append</c>
/// (4-byte chunks, about one LLM token), against the same run without the reads (the baseline). Reading is a view, so
/// the ratio stays near 1 and 16 times the input costs about 16 times the time; re-decoding per read was quadratic.
/// </summary>
[MemoryDiagnoser]
public class ReadEveryAppendBenchmarks
{
    private const int ChunkSize = 4;
    private byte[] _document = [];

    [Params("string-16KB", "string-256KB")]
    public string Document { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _document = Documents.Get(Document);

    [Benchmark(Baseline = true, Description = "Append only")]
    public Essay AppendOnly() => StreamingReaderBenchmarks.Stream<Essay>(_document, ChunkSize);

    /// <summary>The baseline of the streaming part alone: every append, no reads, no <c>Complete()</c>.</summary>
    [Benchmark(Description = "Append only, no Complete()")]
    public PartialJsonReader<Essay> AppendOnlyWithoutComplete() => StreamingReaderBenchmarks.AppendAll<Essay>(_document, ChunkSize);

    [Benchmark(Description = "Append, then read every string property")]
    public (Essay Essay, long Seen) AppendAndRead()
    {
        var (reader, seen) = StreamAndRead<ByIndex>();
        return (reader.Complete(), seen);
    }

    /// <summary>
    /// The streaming part alone: the same appends and reads without <c>Complete()</c>, which builds the finished record
    /// (at 256 KB a 460 KB string on the large-object heap, as System.Text.Json's one pass makes too).
    /// </summary>
    [Benchmark(Description = "Append, then read every string property, no Complete()")]
    public long AppendAndReadWithoutComplete() => StreamAndRead<ByIndex>().Seen;

    /// <summary>
    /// The same reads through <see cref="PartialText.AsSpan"/>: a text longer than one chunk (16,384 characters) keeps a
    /// contiguous copy for spans, which grows by doubling (large arrays past 42,500 characters).
    /// </summary>
    [Benchmark(Description = "Append, then read every string property as one span")]
    public (Essay Essay, long Seen) AppendAndReadSpans()
    {
        var (reader, seen) = StreamAndRead<AsOneSpan>();
        return (reader.Complete(), seen);
    }

    /// <summary>
    /// The floor of the growth goal: System.Text.Json (source-generated) deserializing the whole text once, which also
    /// makes the final string (on the large-object heap at 256 KB). How its time grows from 16 KB to 256 KB says how
    /// much of the reader's growth is the final object rather than the streaming.
    /// </summary>
    [Benchmark(Description = "System.Text.Json, whole text once")]
    public Essay SystemTextJson() => JsonSerializer.Deserialize(_document, BenchmarkJsonContext.Default.Essay)!;

    // Every append, then every string property read; TLook is a struct, so each read is specialized and inlined.
    private (PartialJsonReader<Essay> Reader, long Seen) StreamAndRead<TLook>()
        where TLook : struct, ILook
    {
        var reader = PartialJsonReader<Essay>.Create();
        var span = _document.AsSpan();
        long seen = 0;
        for (var start = 0; start < span.Length; start += ChunkSize)
        {
            reader.Append(span.Slice(start, Math.Min(ChunkSize, span.Length - start)));
            var partial = reader.Current;
            seen += TLook.Look(partial.Title) + TLook.Look(partial.Body);
        }

        return (reader, seen);
    }

    private interface ILook
    {
        static abstract int Look(PartialText? text);
    }

    // What a view-based read of the text costs: its length and its newest character.
    private readonly struct ByIndex : ILook
    {
        public static int Look(PartialText? text) => text is { Length: > 0 } value ? value.Length + value[^1] : 0;
    }

    private readonly struct AsOneSpan : ILook
    {
        public static int Look(PartialText? text) => text is { Length: > 0 } value ? value.Length + value.AsSpan()[^1] : 0;
    }
}
