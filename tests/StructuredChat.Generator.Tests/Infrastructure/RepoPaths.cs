namespace StructuredChat.Generator.Tests.Infrastructure;

internal static class RepoPaths
{
    /// <summary>The repository root: the first parent of the test binaries that holds StructuredChat.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Baselines => Path.Combine(Root, "tests", "StructuredChat.Generator.Tests", "Baselines");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StructuredChat.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("StructuredChat.sln not found above " + AppContext.BaseDirectory);
    }
}
