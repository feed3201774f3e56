using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;

namespace StructuredChat.Generator.Tests.Generation;

/// <summary>
/// The generator's promise, checked on thousands of random types per run: whatever type a user writes gets working
/// code or a SCHAT diagnostic at their own code; never a compiler error in a generated file, never a generator crash.
/// The seed is new on each run and printed on failure; set <c>GENERATION_SEED</c> to replay a run,
/// <c>GENERATION_COUNT</c> to change how many types it makes, <c>GENERATION_ONLY</c> (comma-separated indexes) to
/// replay some types of it.
/// </summary>
public sealed class GenerationTests(ITestOutputHelper output)
{
    private const int DefaultCount = 2000;
    private const int BatchSize = 250;

    [Fact]
    public void EveryGeneratedTypeGetsWorkingCodeOrADiagnosticAtItsOwnCode()
    {
        var seed = Environment.GetEnvironmentVariable("GENERATION_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var count = Environment.GetEnvironmentVariable("GENERATION_COUNT") is { Length: > 0 } fixedCount
            ? int.Parse(fixedCount, CultureInfo.InvariantCulture)
            : DefaultCount;
        var indexes = Environment.GetEnvironmentVariable("GENERATION_ONLY") is { Length: > 0 } only
            ? only.Split(',').Select(i => int.Parse(i, CultureInfo.InvariantCulture)).ToList()
            : Enumerable.Range(0, count).ToList();

        var clock = Stopwatch.StartNew();
        var types = indexes.Select(i => TypeFactory.Create(seed, i)).ToList();
        var failures = new List<(GeneratedType? Type, List<string> Messages)>();
        foreach (var batch in types.Chunk(BatchSize))
        {
            var run = new GenerationBatch(batch, seed);
            run.Run();
            output.WriteLine(string.Join(", ", run.Timings));
            failures.AddRange(run.Failures.OrderBy(f => f.Key).Select(f => (f.Key >= 0 ? batch[f.Key] : null, f.Value)));
        }

        var accepted = types.Count(t => t.Refusal == Refusal.None);
        output.WriteLine($"seed {seed}: {types.Count} types ({accepted} accepted, {types.Count - accepted} refused) in {clock.Elapsed.TotalSeconds:F1} s; shapes off: {string.Join(", ", Shapes.Off)}");
        if (failures.Count > 0)
        {
            Assert.Fail(Report(seed, types.Count, failures));
        }

        Assert.True(types.Count >= DefaultCount || indexes.Count < count || count < DefaultCount, "fewer types than the contract asks for");
    }

    private static string Report(int seed, int total, List<(GeneratedType? Type, List<string> Messages)> failures)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{failures.Count} of {total} generated types break the contract. Replay with GENERATION_SEED={seed} (GENERATION_ONLY=<indexes> for some of them).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Shapes switched off: {string.Join(", ", Shapes.Off)}");
        foreach (var (type, messages) in failures.Take(8))
        {
            text.AppendLine();
            text.AppendLine(type is null ? "-- the batch:" : $"-- type {type.Index} ({type.Refusal}, {type.NamingPolicy}):");
            foreach (var message in messages.Take(6))
            {
                text.AppendLine("  " + message);
            }

            if (type is not null)
            {
                text.AppendLine(type.Source);
            }
        }

        text.AppendLine();
        text.AppendLine("Every failure, first message:");
        foreach (var (type, messages) in failures)
        {
            var first = messages[0].Split('\n')[0];
            text.AppendLine(CultureInfo.InvariantCulture, $"  {type?.Index.ToString(CultureInfo.InvariantCulture) ?? "batch"}: {(first.Length > 300 ? first[..300] + "..." : first)}");
        }
        return text.ToString();
    }
}
