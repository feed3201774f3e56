using System.Diagnostics;
using System.Text.Json;
using StructuredChat.Samples.Tests.Infrastructure;

namespace StructuredChat.Samples.Tests;

public sealed class EnrichmentTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("enrichment-");

    private string Output => Path.Combine(_folder.FullName, "companies.jsonl");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task It_enriches_25_rows_under_the_rate_limit_reports_the_2_failures_and_writes_JSON_Lines_with_basis()
    {
        var (exitCode, stdout, stderr) = await ProgramRun.RunAsync(Repo.SampleDll("Enrichment"), "--out", Output);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("permits granted in 3 waves of 10, 10, 5", stdout, StringComparison.Ordinal);
        Baseline.Match("Enrichment.console", stdout.Replace(Output, "{out}", StringComparison.Ordinal));

        var lines = File.ReadAllLines(Output);
        Assert.Equal(25, lines.Length);
        var rows = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["Hooli", "Initech"], rows.Where(r => r.TryGetProperty("error", out _)).Select(r => r.GetProperty("company").GetString()).Order());
        Assert.All(rows.Where(r => r.TryGetProperty("facts", out _)), r => Assert.NotEqual(0, r.GetProperty("basis").GetArrayLength()));
        AssertHoldsEveryRowOnceAsInTheBaseline(lines);
    }

    [Fact]
    public async Task Killed_mid_batch_then_run_again_it_skips_the_rows_written_and_loses_or_duplicates_none()
    {
        var survivors = await StopAfterFiveRowsAsync(run =>
        {
            // SIGKILL: no handler runs, nothing is flushed on the way out.
            using var process = Process.GetProcessById(run.Id);
            process.Kill();
            return Task.CompletedTask;
        });

        await RunAgainAndCheckAsync(survivors);
    }

    [Fact]
    public async Task Stopped_by_ctrl_c_mid_batch_then_run_again_it_skips_the_rows_written_and_loses_or_duplicates_none()
    {
        var survivors = await StopAfterFiveRowsAsync(run => run.InterruptAsync(), expectedExitCode: 130, expectedStderr: "Cancelled. The rows done so far are in");

        await RunAgainAndCheckAsync(survivors);
    }

    [Fact]
    public async Task A_last_line_cut_short_by_a_crash_is_done_again()
    {
        var (exitCode, _, stderr) = await ProgramRun.RunAsync(Repo.SampleDll("Enrichment"), "--out", Output);
        Assert.True(exitCode == 0, stderr);
        var complete = File.ReadAllLines(Output);
        var torn = string.Join('\n', complete[..^1]) + "\n" + complete[^1][..40];
        await File.WriteAllTextAsync(Output, torn, TestContext.Current.CancellationToken);

        var (again, stdout, stderr2) = await ProgramRun.RunAsync(Repo.SampleDll("Enrichment"), "--out", Output);

        Assert.True(again == 0, stderr2);
        Assert.Contains("Skipped 24 rows already in", stdout, StringComparison.Ordinal);
        Assert.Contains("; 1 to go.", stdout, StringComparison.Ordinal);
        AssertHoldsEveryRowOnceAsInTheBaseline(File.ReadAllLines(Output));
    }

    [Fact]
    public async Task A_file_that_is_not_its_output_is_refused_untouched()
    {
        await File.WriteAllTextAsync(Output, "name,industry\nContoso,Retail\n", TestContext.Current.CancellationToken);

        var (exitCode, _, stderr) = await ProgramRun.RunAsync(Repo.SampleDll("Enrichment"), "--out", Output);

        Assert.Equal(1, exitCode);
        Assert.Contains("line 1, is not a row of this sample", stderr, StringComparison.Ordinal);
        Assert.Equal("name,industry\nContoso,Retail\n", await File.ReadAllTextAsync(Output, TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// Starts a run limited to 5 requests a minute, waits until it reports its first 5 rows done (so they are on disk and
    /// the other 20 wait a minute for a permit), stops it with <paramref name="stop"/>, and returns the lines it left.
    /// </summary>
    private async Task<string[]> StopAfterFiveRowsAsync(Func<ProgramRun, Task> stop, int? expectedExitCode = null, string? expectedStderr = null)
    {
        using var run = ProgramRun.Start(Repo.SampleDll("Enrichment"), ["--out", Output, "--rpm", "5"]);
        await run.WaitForLineAsync(line => line.Contains("5/25 rows done", StringComparison.Ordinal));

        await stop(run);

        var exitCode = await run.WaitForExitAsync();
        Assert.DoesNotContain("25/25 rows done", run.Stdout, StringComparison.Ordinal);
        if (expectedExitCode is { } expected)
        {
            Assert.Equal(expected, exitCode);
            Assert.Contains(expectedStderr!, run.Stderr, StringComparison.Ordinal);
        }

        var survivors = File.ReadAllLines(Output);
        Assert.Equal(5, survivors.Length);
        Assert.All(survivors, line => JsonDocument.Parse(line).Dispose());
        return survivors;
    }

    private async Task RunAgainAndCheckAsync(string[] survivors)
    {
        var (exitCode, stdout, stderr) = await ProgramRun.RunAsync(Repo.SampleDll("Enrichment"), "--out", Output);

        Assert.True(exitCode == 0, stderr);
        var failedBefore = survivors.Count(l => l.Contains("\"error\":", StringComparison.Ordinal));
        Assert.Contains($"Skipped {survivors.Length} rows already in {Output} from an earlier run ({failedBefore} of them failed); {25 - survivors.Length} to go.", stdout, StringComparison.Ordinal);
        Assert.Contains($"{Output} now holds 25 rows.", stdout, StringComparison.Ordinal);
        var lines = File.ReadAllLines(Output);

        // Append-only: what the first run wrote is still there, byte for byte, at the start.
        Assert.Equal(survivors, lines[..survivors.Length]);
        AssertHoldsEveryRowOnceAsInTheBaseline(lines);
    }

    /// <summary>
    /// Rows land in the order they complete, which varies; put in the order of the baseline (the sample's input order),
    /// the file must be the baseline exactly: every company once, each row as a single uninterrupted run writes it.
    /// </summary>
    private static void AssertHoldsEveryRowOnceAsInTheBaseline(string[] lines)
    {
        var order = File.ReadAllLines(Path.Combine(Repo.Root, "tests", "StructuredChat.Samples.Tests", "Baselines", "Enrichment.jsonl.txt"))
            .Select(Company).ToList();
        Assert.Equal(order.Order(StringComparer.Ordinal), lines.Select(Company).Order(StringComparer.Ordinal));
        Baseline.Match("Enrichment.jsonl", string.Join('\n', lines.OrderBy(l => order.IndexOf(Company(l)))) + "\n");
    }

    private static string Company(string line)
    {
        using var row = JsonDocument.Parse(line);
        return row.RootElement.GetProperty("company").GetString()!;
    }
}
