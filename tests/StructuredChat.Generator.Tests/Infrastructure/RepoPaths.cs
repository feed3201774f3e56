namespace StructuredChat.Generator.Tests.Infrastructure;

internal static class RepoPaths
{
    /// <summary>The repository root: the first parent of the test binaries that holds StructuredChat.sln.</summary>
    public static string Root => RepositoryPaths.Root;

    public static string Baselines => Path.Combine(Root, "tests", "StructuredChat.Generator.Tests", "Baselines");
}
