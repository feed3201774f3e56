using System.Text.RegularExpressions;

namespace StructuredChat.Samples.Tests;

/// <summary>
/// The repository stands on its own: a fresh clone has nothing beside it, so no source, test, script, project or doc
/// may point at a path outside the repository.
/// </summary>
public sealed partial class RepositoryTests
{
    private static readonly string[] s_textExtensions =
        [".cs", ".csproj", ".props", ".targets", ".sln", ".json", ".md", ".sh", ".txt", ".yml", ".yaml", ".editorconfig", ".http"];

    private static readonly string[] s_skippedFolders = [".git", "bin", "obj", "TestData", "BenchmarkDotNet.Artifacts"];

    [Fact]
    public void No_file_refers_to_a_path_outside_the_repository()
    {
        string root = Path.GetFullPath(RepositoryPaths.Root);
        string parent = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))! + Path.DirectorySeparatorChar;
        var violations = new List<string>();
        int scanned = 0;

        foreach (string file in RepositoryFiles(root))
        {
            scanned++;
            string relative = Path.GetRelativePath(root, file);
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                string where = $"{relative}:{i + 1}";
                if (SiblingFolderByParts().IsMatch(line) || SiblingFolder().Matches(line).Any(m => !ExistsInside(root, file, m.Value)))
                {
                    violations.Add($"{where}: names a folder beside the repository: {line.Trim()}");
                }

                if (line.Contains(parent, StringComparison.Ordinal) && !line.Contains(root, StringComparison.Ordinal))
                {
                    violations.Add($"{where}: an absolute path outside the repository: {line.Trim()}");
                }

                foreach (Match relativePath in ParentRelativePath().Matches(line))
                {
                    string resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, relativePath.Value.Replace('\\', '/')));
                    if (!resolved.StartsWith(root, StringComparison.Ordinal))
                    {
                        violations.Add($"{where}: '{relativePath.Value}' resolves to {resolved}, outside the repository");
                    }
                }
            }
        }

        Assert.True(scanned > 100, $"only {scanned} files scanned under {root}");
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_test_data_carries_its_licences_and_sources()
    {
        foreach (string folder in new[] { "JSONTestSuite", "recorded-streams/openai-python", "recorded-streams/openai-dotnet" })
        {
            string path = RepositoryPaths.TestData(folder.Split('/'));
            Assert.True(File.Exists(Path.Combine(path, "LICENSE")), $"tests/TestData/{folder} has no LICENSE");
            Assert.True(File.Exists(Path.Combine(path, "README.md")), $"tests/TestData/{folder} has no README.md");
        }

        string index = File.ReadAllText(RepositoryPaths.TestData("README.md"));
        Assert.Contains("github.com/nst/JSONTestSuite", index, StringComparison.Ordinal);
        Assert.Contains("github.com/openai/openai-python", index, StringComparison.Ordinal);
        Assert.Contains("github.com/openai/openai-dotnet", index, StringComparison.Ordinal);
    }

    // A folder named like the shared one may exist inside the repository (samples/Shared): that one is fine.
    private static bool ExistsInside(string root, string file, string relative)
    {
        string resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, relative.Replace('\\', '/')));
        return resolved.StartsWith(root, StringComparison.Ordinal) && Directory.Exists(resolved);
    }

    private static IEnumerable<string> RepositoryFiles(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            foreach (string sub in Directory.EnumerateDirectories(dir))
            {
                if (!s_skippedFolders.Contains(Path.GetFileName(sub), StringComparer.Ordinal))
                {
                    pending.Push(sub);
                }
            }

            foreach (string file in Directory.EnumerateFiles(dir))
            {
                string name = Path.GetFileName(file);
                if (s_textExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase) || dir.EndsWith(".ci", StringComparison.Ordinal) || name == "global.json")
                {
                    yield return file;
                }
            }
        }
    }

    // A climb out of a folder into a sibling called "shared", with either slash.
    [GeneratedRegex(@"(?:\.\.[/\\]+)+shared\b")]
    private static partial Regex SiblingFolder();

    // The same climb written as Path.Combine arguments.
    [GeneratedRegex(@"""\.\.""\s*,\s*""shared""")]
    private static partial Regex SiblingFolderByParts();

    // A path that climbs: ../../src/Runtime, ..\..\samples\Quickstart\Quickstart.csproj.
    [GeneratedRegex(@"(?<![\w.])(?:\.\.[/\\])+[\w.\-/\\]*")]
    private static partial Regex ParentRelativePath();
}
