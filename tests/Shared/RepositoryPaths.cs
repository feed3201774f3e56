namespace StructuredChat.Tests.Shared;

/// <summary>
/// Paths inside this repository, for every test project (linked in by <c>tests/Directory.Build.props</c>). Tests read
/// only what the repository carries: a fresh clone has nothing beside it.
/// </summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root: the first parent of the test binaries that holds StructuredChat.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path under the repository's test data (<c>tests/TestData</c>), which must exist.</summary>
    /// <param name="parts">The path below <c>tests/TestData</c>, one segment per argument.</param>
    public static string TestData(params string[] parts)
    {
        string path = Path.Combine([Root, "tests", "TestData", .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"The test data '{string.Join('/', parts)}' is missing from tests/TestData.", path);
        }

        return path;
    }

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
