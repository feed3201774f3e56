using System.Reflection;

namespace StructuredChat.Samples.Tests.Infrastructure;

internal static class Repo
{
    /// <summary>The repository root: the first parent of the test binaries that holds StructuredChat.sln.</summary>
    public static string Root => RepositoryPaths.Root;

    /// <summary>The build configuration of this test assembly, which the samples were built with too.</summary>
    public static string Configuration { get; } = typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value!;

    /// <summary>The built program of a sample: <c>samples/{name}/bin/{Configuration}/net10.0/{name}.dll</c>.</summary>
    public static string SampleDll(string name) => Path.Combine(Root, "samples", name, "bin", Configuration, "net10.0", name + ".dll");
}
