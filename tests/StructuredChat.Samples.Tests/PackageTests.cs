using System.IO.Compression;
using StructuredChat.Emulator;
using StructuredChat.Samples.Tests.Infrastructure;

namespace StructuredChat.Samples.Tests;

/// <summary>What a user gets from NuGet: the packages as packed, installed into a project that knows nothing of this repository.</summary>
public sealed class PackageTests : IDisposable
{
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromMinutes(3);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("structuredchat-package-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task A_fresh_console_project_with_only_the_StructuredChat_package_generates_and_asks_a_typed_question()
    {
        // A version of its own, restored into a packages folder of its own: no cache can answer for this build.
        var version = $"0.0.1-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var feed = Path.Combine(_folder.FullName, "feed");
        await DotnetAsync(Repo.Root, "pack", "src/Runtime", "-c", "Release", "-o", feed, $"-p:Version={version}");
        await DotnetAsync(Repo.Root, "pack", "src/Emulator", "-c", "Release", "-o", feed, $"-p:Version={version}");

        Assert.Equal(
            ["README.md", "analyzers/dotnet/cs/StructuredChat.Generator.dll", "lib/net10.0/StructuredChat.dll", "lib/net10.0/StructuredChat.xml"],
            PackedFiles(Path.Combine(feed, $"StructuredChat.{version}.nupkg")));
        Assert.Contains("lib/net10.0/StructuredChat.Emulator.dll", PackedFiles(Path.Combine(feed, $"StructuredChat.Emulator.{version}.nupkg")));

        var app = Directory.CreateDirectory(Path.Combine(_folder.FullName, "app")).FullName;
        WriteApp(app, feed, version);
        await DotnetAsync(app, "build", "-c", "Release");

        await using var emulator = await ParallelEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        emulator.Enqueue(ScriptedResponse.WithContent("""{"city":"Oslo","temperature":-3.5}"""));
        using var run = ProgramRun.Start(Path.Combine(app, "bin", "Release", "net10.0", "App.dll"), [], new Dictionary<string, string?>
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

    private void WriteApp(string app, string feed, string version)
    {
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        // Empty props stop MSBuild from picking up anything above the temporary folder.
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestorePackagesPath>{Path.Combine(_folder.FullName, "packages")}</RestorePackagesPath>
                <RestoreFallbackFolders>{globalPackages}</RestoreFallbackFolders>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="StructuredChat" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Globalization;
            using StructuredChat;

            using var client = new ParallelChatClient();
            ParallelResponse<Weather> answer = await client.AskAsync<Weather>("Weather in Oslo?", ParallelModel.Lite);
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"{answer.Value.City}: {answer.Value.Temperature} degrees, {answer.BasisEntries.Count} basis entries\n"));

            [ParallelResponse]
            public partial record Weather(string City, double Temperature);
            """);
    }

    private static async Task DotnetAsync(string workingDirectory, params string[] args)
    {
        // MSBuild settings of the `dotnet test` that runs this test must not leak into the child build.
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(name => name, string? (_) => null);

        // No build servers: they would outlive the command and hold its output open.
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var run = ProgramRun.StartProcess("dotnet", [.. args, "-nodeReuse:false", "-p:UseSharedCompilation=false"], environment, workingDirectory);
        var exitCode = await run.WaitForExitAsync(CommandDeadline);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', args)} failed ({exitCode}):\n{run.Stdout}\n{run.Stderr}");
    }
}
