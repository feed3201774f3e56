using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace StructuredChat.Benchmarks;

/// <summary>
/// Issue 3: what the popular Python and TypeScript partial-JSON libraries do — on each chunk, close the open brackets of
/// the accumulated text and deserialize all of it with System.Text.Json — against our reader on the same chunks.
/// Quadratic, so only the 1 KB and 64 KB documents (the 1 MB ones would take hours at small chunk sizes).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReaderConfig))]
public class NaiveReparseBenchmarks
{
    private byte[] _document = [];

    [ParamsSource(nameof(DocumentNames))]
    public string Document { get; set; } = "";

    [ParamsSource(nameof(ChunkSizes))]
    public int ChunkSize { get; set; }

    public static IEnumerable<string> DocumentNames => Documents.NaiveNames;

    public static IEnumerable<int> ChunkSizes => Documents.NaiveChunkSizes;

    [GlobalSetup]
    public void Setup() => _document = Documents.Get(Document);

    [Benchmark(Baseline = true, Description = "Naive re-parse per chunk")]
    public object? NaiveReparse()
    {
        var isEssay = Document.StartsWith("string", StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(_document);
        var accumulated = new StringBuilder();
        object? last = null;
        for (var start = 0; start < text.Length; start += ChunkSize)
        {
            accumulated.Append(text, start, Math.Min(ChunkSize, text.Length - start));
            var closed = CloseBrackets(accumulated.ToString());
            try
            {
                last = isEssay
                    ? JsonSerializer.Deserialize(closed, BenchmarkJsonContext.Default.Essay)
                    : JsonSerializer.Deserialize(closed, BenchmarkJsonContext.Default.Catalog);
            }
            catch (JsonException)
            {
                // An unfinished number or literal: the libraries skip this chunk and try again on the next.
            }
        }

        return last;
    }

    [Benchmark(Description = "PartialJsonReader, chunked")]
    public object PartialReaderStreaming() => Document.StartsWith("string", StringComparison.Ordinal)
        ? StreamingReaderBenchmarks.Stream<Essay>(_document, ChunkSize)
        : StreamingReaderBenchmarks.Stream<Catalog>(_document, ChunkSize);

    /// <summary>Closes an open string and the open objects and arrays, dropping a dangling ':' or ','.</summary>
    internal static string CloseBrackets(string partial)
    {
        var stack = new Stack<char>();
        var inString = false;
        var escaped = false;
        foreach (var c in partial)
        {
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"': inString = true; break;
                case '{': stack.Push('}'); break;
                case '[': stack.Push(']'); break;
                case '}' or ']': stack.Pop(); break;
            }
        }

        var builder = new StringBuilder(partial);
        if (inString)
        {
            if (escaped)
            {
                builder.Length--;
            }

            builder.Append('"');
        }

        var trimmed = builder.ToString().TrimEnd();
        if (trimmed.EndsWith(':'))
        {
            trimmed += "null";
        }
        else if (trimmed.EndsWith(','))
        {
            trimmed = trimmed[..^1];
        }

        return trimmed + string.Concat(stack);
    }
}
