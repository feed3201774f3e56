using System.Text.RegularExpressions;

namespace StructuredChat.Samples.Tests.Infrastructure;

/// <summary>
/// Verify-style snapshots without Verify: a sample's output, normalized (timings, ports, keys, GUIDs, ids), is compared
/// with <c>Baselines/{name}.txt</c>. <c>UPDATE_BASELINES=1</c> rewrites the file; review the diff before committing.
/// </summary>
internal static partial class Baseline
{
    private static bool Updating => Environment.GetEnvironmentVariable("UPDATE_BASELINES") == "1";

    private static string Folder => Path.Combine(Repo.Root, "tests", "StructuredChat.Samples.Tests", "Baselines");

    public static void Match(string name, string actual)
    {
        var path = Path.Combine(Folder, name + ".txt");
        actual = Normalize(actual);
        if (Updating)
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No baseline '{path}'; run the tests with UPDATE_BASELINES=1 and review the new file.");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.True(expected == actual, $"The output differs from its baseline {path}. Run with UPDATE_BASELINES=1 to accept.\n--- actual ---\n{actual}");
    }

    /// <summary>Replaces what changes from run to run with placeholders.</summary>
    public static string Normalize(string text)
    {
        text = text.Replace("\r\n", "\n");
        text = Seconds().Replace(text, "{seconds} s");
        text = Port().Replace(text, "127.0.0.1:{port}");
        text = EmulatorKey().Replace(text, "{key}");
        text = Guid().Replace(text, "{guid}");
        return InteractionId().Replace(text, "{interaction_id}");
    }

    [GeneratedRegex(@"\b\d+\.\d s\b")]
    private static partial Regex Seconds();

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex Port();

    [GeneratedRegex(@"emu_[0-9a-f]{32}")]
    private static partial Regex EmulatorKey();

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex Guid();

    [GeneratedRegex(@"\bint_[A-Za-z0-9_]+")]
    private static partial Regex InteractionId();
}
