using System.Text.RegularExpressions;
using System.Xml.Linq;
using StructuredChat.Emulator;
using StructuredChat.Samples.Tests.Infrastructure;

namespace StructuredChat.Samples.Tests.Readme;

/// <summary>
/// README.md's code, exactly as a user copies it: every <c>csharp</c> block is marked with the file(s) it belongs to
/// (<c>&lt;!-- readme-test: ask/Program.cs --&gt;</c>); the blocks of one folder become a fresh console project that
/// installs the packed packages its usings name (nothing else: no global usings, no helpers), is built with warnings
/// as errors, and is run against the emulator.
/// </summary>
public sealed partial class ReadmeProjectTests(PackedPackages packages)
{
    // The packages a user installs for the namespaces a README file uses; ours come from the packed feed.
    private static readonly (string Namespace, string Package)[] s_packagesByNamespace =
    [
        ("StructuredChat.Emulator", "StructuredChat.Emulator"),
        ("Xunit", "xunit.v3"),
        ("Microsoft.Extensions.AI", "Microsoft.Extensions.AI"),
        ("OpenAI", "Microsoft.Extensions.AI.OpenAI"),
        ("Microsoft.Extensions.Caching.Memory", "Microsoft.Extensions.Caching.Memory"),
        ("Microsoft.Extensions.Hosting", "Microsoft.Extensions.Hosting"),
        ("Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.DependencyInjection"),
        ("OpenTelemetry", "OpenTelemetry.Exporter.Console"),
    ];

    public static TheoryData<string> Projects() => new(ReadProjects().Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void Every_csharp_block_in_the_README_is_in_a_tested_project()
    {
        var readme = ReadReadme();
        var blocks = CsharpBlock().Matches(readme).Count;
        var marked = MarkedBlock().Matches(readme).Count;

        Assert.True(blocks > 0, "README.md has no csharp block");
        Assert.True(blocks == marked, $"{blocks - marked} of README.md's {blocks} csharp blocks have no <!-- readme-test: folder/File.cs --> mark, so no test compiles them");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task The_README_project_builds_from_the_packages_and_runs(string project)
    {
        var files = ReadProjects()[project];
        var usedPackages = s_packagesByNamespace
            .Where(p => files.Values.Any(text => text.Contains($"using {p.Namespace};", StringComparison.Ordinal)))
            .Select(p => p.Package.StartsWith("StructuredChat", StringComparison.Ordinal) ? p.Package : $"{p.Package}@{CentralVersion(p.Package)}");
        var app = await packages.CreateAndBuildAsync("readme-" + project, files, ["StructuredChat", .. usedPackages]);

        await using var emulator = await ParallelEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var run = ProgramRun.Start(app, [], new Dictionary<string, string?>
        {
            ["PARALLEL_API_KEY"] = emulator.ApiKey,
            ["PARALLEL_BASE_URL"] = emulator.BaseUrl.ToString(),
        });
        var exitCode = await run.WaitForExitAsync();

        Assert.True(exitCode == 0, $"the README's '{project}' exited with {exitCode}\n--- stdout ---\n{run.Stdout}\n--- stderr ---\n{run.Stderr}");
        Assert.False(string.IsNullOrWhiteSpace(run.Stdout), $"the README's '{project}' printed nothing");
        if (!files.Values.Any(text => text.Contains("ParallelEmulator.StartAsync", StringComparison.Ordinal)))
        {
            // A program that talks to the API from the environment must have asked this emulator.
            Assert.NotEmpty(emulator.Requests);
        }
    }

    private static Dictionary<string, Dictionary<string, string>> ReadProjects()
    {
        var projects = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (Match block in MarkedBlock().Matches(ReadReadme()))
        {
            foreach (var target in block.Groups["targets"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var (folder, file) = (target.Split('/')[0], target.Split('/')[1]);
                var files = projects.TryGetValue(folder, out var existing) ? existing : projects[folder] = new(StringComparer.Ordinal);
                files[file] = files.TryGetValue(file, out var before) ? before + "\n" + block.Groups["code"].Value : block.Groups["code"].Value;
            }
        }

        return projects;
    }

    private static string ReadReadme() => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")).Replace("\r\n", "\n");

    private static string CentralVersion(string package) =>
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == package).Attribute("Version")!.Value;

    [GeneratedRegex(@"^```csharp\n", RegexOptions.Multiline)]
    private static partial Regex CsharpBlock();

    [GeneratedRegex(@"^<!-- readme-test: (?<targets>[^>]+?) -->\n```csharp\n(?<code>.*?)^```\n", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex MarkedBlock();
}
