using BenchmarkDotNet.Running;
using StructuredChat.Benchmarks;

// Full run:  dotnet run -c Release --project tests/Benchmarks -- --filter '*'
// CI smoke:  dotnet run -c Release --project tests/Benchmarks -- --smoke --filter '*' --job Dry --inProcess
Documents.Smoke = args.Contains("--smoke");
BenchmarkSwitcher.FromAssembly(typeof(Documents).Assembly).Run(args.Where(a => a != "--smoke").ToArray());
