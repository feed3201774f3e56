using System.Text.RegularExpressions;
using Xunit;

namespace StructuredChat.Generator.Tests.Infrastructure;

/// <summary>
/// Verify-style snapshots without Verify: every generated file of a scenario is compared with
/// <c>Baselines/{Test}/{HintName}.txt</c>, and so is the set of file names. <c>UPDATE_BASELINES=1</c> rewrites the
/// files and deletes stale ones; review the diff before committing.
/// </summary>
internal static partial class Baseline
{
    private static bool Updating => Environment.GetEnvironmentVariable("UPDATE_BASELINES") == "1";

    /// <summary>The generator's version, which <c>[GeneratedCode]</c> carries, as baselines show it: a release must not rewrite them.</summary>
    public const string VersionPlaceholder = "{generator version}";

    private static string ScrubVersion(string text) =>
        GeneratedCodeVersion().Replace(text, "${prefix}" + VersionPlaceholder + "\"");

    [GeneratedRegex("(?<prefix>GeneratedCodeAttribute\\(\"StructuredChat\\.Generator\", \")[^\"]*\"")]
    private static partial Regex GeneratedCodeVersion();

    public static void Match(string testName, GeneratorRun run)
    {
        var folder = Path.Combine(RepoPaths.Baselines, testName);
        var generated = run.Result.GeneratedSources
            .ToDictionary(s => s.HintName + ".txt", s => ScrubVersion(s.SourceText.ToString().Replace("\r\n", "\n")), StringComparer.Ordinal);

        if (Updating)
        {
            Directory.CreateDirectory(folder);
            foreach (var stale in Directory.GetFiles(folder).Where(f => !generated.ContainsKey(Path.GetFileName(f))))
            {
                File.Delete(stale);
            }

            foreach (var (name, text) in generated)
            {
                File.WriteAllText(Path.Combine(folder, name), text);
            }

            return;
        }

        Assert.True(Directory.Exists(folder), $"No baseline for '{testName}'; run the tests with UPDATE_BASELINES=1 and review the new files.");
        var expectedNames = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expectedNames, generated.Keys.Order(StringComparer.Ordinal).ToArray());
        foreach (var (name, text) in generated)
        {
            var expected = File.ReadAllText(Path.Combine(folder, name)).Replace("\r\n", "\n");
            Assert.True(expected == text, $"Generated '{name}' differs from its baseline in {folder}. Run with UPDATE_BASELINES=1 to accept.\n--- generated ---\n{text}");
        }
    }
}
