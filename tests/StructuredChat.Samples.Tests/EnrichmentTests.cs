using System.Text.Json;
using StructuredChat.Samples.Tests.Infrastructure;

namespace StructuredChat.Samples.Tests;

public sealed class EnrichmentTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("enrichment-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task It_enriches_25_rows_under_the_rate_limit_reports_the_2_failures_and_writes_JSON_Lines_with_basis()
    {
        var output = Path.Combine(_folder.FullName, "companies.jsonl");

        var (exitCode, stdout, stderr) = await ProgramRun.RunAsync(Repo.SampleDll("Enrichment"), "--out", output);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("permits granted in 3 waves of 10, 10, 5", stdout, StringComparison.Ordinal);
        Baseline.Match("Enrichment.console", stdout.Replace(output, "{out}", StringComparison.Ordinal));

        var lines = File.ReadAllLines(output);
        Assert.Equal(25, lines.Length);
        var rows = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["Initech", "Hooli"], rows.Where(r => r.TryGetProperty("error", out _)).Select(r => r.GetProperty("company").GetString()));
        Assert.All(rows.Where(r => r.TryGetProperty("facts", out _)), r => Assert.NotEqual(0, r.GetProperty("basis").GetArrayLength()));
        Baseline.Match("Enrichment.jsonl", string.Join('\n', lines) + "\n");
    }
}
