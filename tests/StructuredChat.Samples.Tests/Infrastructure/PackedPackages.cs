using StructuredChat.Samples.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PackedPackages))]

namespace StructuredChat.Samples.Tests.Infrastructure;

/// <summary>
/// What a user gets from NuGet: <c>StructuredChat</c> and <c>StructuredChat.Emulator</c> packed once per test run with
/// a version of their own into a local feed, and fresh projects that install them from it (restored into a packages
/// folder of their own, so no cache can answer for them).
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromMinutes(6);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("structuredchat-packages-");
    private readonly SemaphoreSlim _packOnce = new(1, 1);
    private bool _packed;

    public string Version { get; } = $"0.0.1-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public string Feed => Path.Combine(_folder.FullName, "feed");

    public string PackageFile(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _folder.Delete(recursive: true);
        _packOnce.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Packs both packages the first time a test asks (later calls wait for that one).</summary>
    public async Task EnsurePackedAsync()
    {
        await _packOnce.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!_packed)
            {
                await DotnetAsync(RepositoryPaths.Root, "pack", "src/Runtime", "-c", "Release", "-o", Feed, $"-p:Version={Version}");
                await DotnetAsync(RepositoryPaths.Root, "pack", "src/Emulator", "-c", "Release", "-o", Feed, $"-p:Version={Version}");
                _packed = true;
            }
        }
        finally
        {
            _packOnce.Release();
        }
    }

    /// <summary>
    /// Writes a fresh project (the console template's settings: implicit usings, nullable, plus warnings as errors)
    /// that references <paramref name="packages"/> from the feed, with <paramref name="files"/> as its sources, and
    /// builds it. Returns the built program's path.
    /// </summary>
    public async Task<string> CreateAndBuildAsync(string name, IReadOnlyDictionary<string, string> files, params string[] packages)
    {
        await EnsurePackedAsync();
        var project = Directory.CreateDirectory(Path.Combine(_folder.FullName, "projects", name)).FullName;
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        // Empty props stop MSBuild from picking up anything above the temporary folder.
        File.WriteAllText(Path.Combine(project, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(project, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        var references = string.Join("\n    ", packages.Select(p => p.Contains('@', StringComparison.Ordinal)
            ? $"""<PackageReference Include="{p.Split('@')[0]}" Version="{p.Split('@')[1]}" />"""
            : $"""<PackageReference Include="{p}" Version="{Version}" />"""));
        File.WriteAllText(Path.Combine(project, "App.csproj"), $"""
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
                {references}
              </ItemGroup>
            </Project>
            """);
        foreach (var (file, text) in files)
        {
            File.WriteAllText(Path.Combine(project, file), text);
        }

        await DotnetAsync(project, "build", "-c", "Release");
        return Path.Combine(project, "bin", "Release", "net10.0", "App.dll");
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
