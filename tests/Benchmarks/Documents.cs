using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StructuredChat.Benchmarks;

/// <summary>A document with one long string property (an essay-like answer).</summary>
[ParallelResponse]
public partial record Essay(string Title, string Body, int WordCount);

/// <summary>A document with a large array of objects (an enrichment table).</summary>
[ParallelResponse]
public partial record Catalog(string Title, IReadOnlyList<Item> Items);

public record Item(string Name, int Count, double Price, bool InStock, ItemKind Kind, DateOnly Added, string? Note);

public enum ItemKind
{
    Hardware,
    Software,
    Service,
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Essay))]
[JsonSerializable(typeof(Catalog))]
public partial class BenchmarkJsonContext : JsonSerializerContext;

/// <summary>The benchmark documents: a long string or a large array, at about 1 KB, 64 KB and 1 MB.</summary>
public static class Documents
{
    /// <summary>Set by <c>--smoke</c> (the CI run): only the 1 KB documents and two chunk sizes, so that every benchmark still compiles and runs.</summary>
    public static bool Smoke { get; set; }

    // READER_BENCH_DOCUMENTS=string-16KB,array-16KB runs a few sizes while iterating (the machine is shared).
    public static IEnumerable<string> Names => Environment.GetEnvironmentVariable("READER_BENCH_DOCUMENTS") is { Length: > 0 } chosen
        ? chosen.Split(',')
        : Smoke
        ? ["string-1KB", "array-1KB"]
        : ["string-1KB", "string-16KB", "string-64KB", "string-256KB", "string-1MB", "array-1KB", "array-16KB", "array-64KB", "array-256KB", "array-1MB"];

    /// <summary>The largest documents (the smallest in a smoke run), for what only shows at size.</summary>
    public static IEnumerable<string> LargestNames => Smoke ? ["string-1KB", "array-1KB"] : ["string-1MB", "array-1MB"];

    public static IEnumerable<string> NaiveNames => Smoke
        ? ["string-1KB", "array-1KB"]
        : ["string-1KB", "array-1KB", "string-64KB", "array-64KB"];

    // 4 bytes is about one LLM token; 64 bytes a few tokens batched by a proxy.
    public static IEnumerable<int> ChunkSizes => [4, 64];

    public static IEnumerable<int> NaiveChunkSizes => Smoke ? [256] : [4, 256];

    public static byte[] Get(string name)
    {
        var size = SizeOf(name);
        return name.StartsWith("string", StringComparison.Ordinal) ? EssayOf(size) : CatalogOf(size);
    }

    /// <summary>The size a document name ends with: <c>string-16KB</c> is 16 KiB, <c>array-1MB</c> 1 MiB.</summary>
    public static int SizeOf(string name)
    {
        var size = name[(name.LastIndexOf('-') + 1)..];
        var (digits, shift) = size.EndsWith("MB", StringComparison.Ordinal) ? (size[..^2], 20) : size.EndsWith("KB", StringComparison.Ordinal) ? (size[..^2], 10) : throw new ArgumentException($"No size in '{name}'.", nameof(name));
        return int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) << shift;
    }

    private static byte[] EssayOf(int size)
    {
        const string Sentence = "Parallel's research models cite their sources — \"quotes\", émigré naïveté, 数据 and tabs\t too. ";
        // Counted as it grows (measuring the whole text after each sentence made a megabyte take seconds to build).
        var body = new StringBuilder(size);
        var sentenceBytes = Encoding.UTF8.GetByteCount(Sentence);
        for (var bytes = 0; bytes < size - 80; bytes += sentenceBytes)
        {
            body.Append(Sentence);
        }

        var essay = new Essay("A long answer", body.ToString(), body.Length / 6);
        return JsonSerializer.SerializeToUtf8Bytes(essay, BenchmarkJsonContext.Default.Essay);
    }

    private static byte[] CatalogOf(int size)
    {
        var random = new Random(42);
        Item Make(int i) => new($"Item {i} — model {random.Next(1000)}", random.Next(10_000), Math.Round(random.NextDouble() * 1000, 2), i % 3 != 0, (ItemKind)(i % 3), new DateOnly(2020, 1, 1).AddDays(i % 1500), i % 4 == 0 ? null : "ships in 2 days");

        var items = new List<Item>();
        byte[] bytes;
        do
        {
            // Grow towards the target size in proportion, so that setup stays linear.
            var current = JsonSerializer.SerializeToUtf8Bytes(new Catalog("Catalog", items), BenchmarkJsonContext.Default.Catalog).Length;
            var perItem = items.Count == 0 ? 150 : Math.Max(1, current / items.Count);
            var more = Math.Max(1, (size - current) / perItem);
            for (var n = 0; n < more; n++)
            {
                items.Add(Make(items.Count));
            }

            bytes = JsonSerializer.SerializeToUtf8Bytes(new Catalog("Catalog", items), BenchmarkJsonContext.Default.Catalog);
        }
        while (bytes.Length < size);

        return bytes;
    }
}
