using System.IO.Compression;
using StructuredChat.Emulator;
using StructuredChat.Samples.Tests.Infrastructure;

namespace StructuredChat.Samples.Tests;

/// <summary>What a user gets from NuGet: the packages as packed, installed into a project that knows nothing of this repository.</summary>
public sealed class PackageTests(PackedPackages packages)
{
    [Fact]
    public async Task A_fresh_console_project_with_only_the_StructuredChat_package_generates_and_asks_a_typed_question()
    {
        await packages.EnsurePackedAsync();
        Assert.Equal(
            ["README.md", "analyzers/dotnet/cs/StructuredChat.Generator.dll", "lib/net10.0/StructuredChat.dll", "lib/net10.0/StructuredChat.xml"],
            PackedFiles(packages.PackageFile("StructuredChat")));
        Assert.Contains("lib/net10.0/StructuredChat.Emulator.dll", PackedFiles(packages.PackageFile("StructuredChat.Emulator")));

        var app = await packages.CreateAndBuildAsync("weather", new Dictionary<string, string>
        {
            ["Program.cs"] = """
                using System.Globalization;
                using StructuredChat;

                using var client = new ParallelChatClient();
                ParallelResponse<Weather> answer = await client.AskAsync<Weather>("Weather in Oslo?", ParallelModel.Lite);
                Console.Write(string.Create(CultureInfo.InvariantCulture, $"{answer.Value.City}: {answer.Value.Temperature} degrees, {answer.BasisEntries.Count} basis entries\n"));

                [ParallelResponse]
                public partial record Weather(string City, double Temperature);
                """,
        }, "StructuredChat");

        await using var emulator = await ParallelEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        emulator.Enqueue(ScriptedResponse.WithContent("""{"city":"Oslo","temperature":-3.5}"""));
        using var run = ProgramRun.Start(app, [], new Dictionary<string, string?>
        {
            ["PARALLEL_API_KEY"] = emulator.ApiKey,
            ["PARALLEL_BASE_URL"] = emulator.BaseUrl.ToString(),
        });
        var exitCode = await run.WaitForExitAsync();

        Assert.True(exitCode == 0, run.Stderr);
        Assert.Equal("Oslo: -3.5 degrees, 2 basis entries\n", run.Stdout);
        Assert.Equal("weather", Assert.Single(emulator.Requests).SchemaName);
    }

    private static List<string> PackedFiles(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        return [.. zip.Entries.Select(e => e.FullName)
            .Where(n => n.StartsWith("lib/", StringComparison.Ordinal) || n.StartsWith("analyzers/", StringComparison.Ordinal) || n == "README.md")
            .Order(StringComparer.Ordinal)];
    }
}
