using BenchmarkDotNet.Running;
using StructuredChat.Benchmarks;

// Full run:  dotnet run -c Release --project tests/Benchmarks -- --filter '*'
// CI smoke:  dotnet run -c Release --project tests/Benchmarks -- --smoke --filter '*' --job Dry --inProcess
Documents.Smoke = args.Contains("--smoke");
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Documents).Assembly).Run(args.Where(a => a != "--smoke").ToArray()).ToList();

// A benchmark that throws must fail the run (and so CI), not just leave a gap in the table.
var failed = summaries.Where(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)).ToList();
foreach (var summary in failed)
{
    Console.Error.WriteLine($"Benchmark failures in {summary.Title}");
}

return summaries.Count == 0 || failed.Count > 0 ? 1 : 0;
