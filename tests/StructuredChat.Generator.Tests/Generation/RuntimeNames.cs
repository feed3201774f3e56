using System.CodeDom.Compiler;
using System.Reflection;
using Microsoft.CodeAnalysis.CSharp;
using StructuredChat.Generator.Tests.Oracles;

namespace StructuredChat.Generator.Tests.Generation;

/// <summary>
/// Property names that could collide with what generated code touches, computed by reflection so that the list
/// follows the runtime as it changes: every public member and type name of the Runtime assembly (generated code
/// extends <c>Partial&lt;T&gt;</c> and <c>BasisNode&lt;T&gt;</c> and calls into the rest), <c>object</c>'s members,
/// the members the generator adds to a user's type, and the names generated code uses for its own parameters.
/// </summary>
internal static class RuntimeNames
{
    /// <summary>
    /// <c>object</c>'s public methods (<c>ReferenceEquals</c> too): C# prefers them to any extension property, and a
    /// record cannot declare a property with most of these names.
    /// </summary>
    public static IReadOnlySet<string> ObjectMembers { get; } = typeof(object)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        .Select(m => m.Name)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The names, each a valid C# identifier (a keyword among them is written with <c>@</c>).</summary>
    public static IReadOnlyList<string> All { get; } = Compute().Except(Shapes.GeneratedMemberNames ? [] : GeneratedMembers())
        .Except(Shapes.PartialTypeNames ? [] : ["Partial", "PartialState"])
        .ToList();

    /// <summary>What the generator adds to an annotated type, read from a type this project compiled with the generator.</summary>
    public static IEnumerable<string> GeneratedMembers() => typeof(CompanyProfile)
        .GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
        .Where(m => m.GetCustomAttribute<GeneratedCodeAttribute>() is not null || m.Name.StartsWith("__", StringComparison.Ordinal))
        .Select(m => m.Name);

    private static List<string> Compute()
    {
        const BindingFlags Everything = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy;
        var runtimeTypes = typeof(ParallelResponseAttribute).Assembly.GetExportedTypes();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in runtimeTypes.Append(typeof(object)))
        {
            names.Add(type.Name.Split('`')[0]);
            foreach (var member in type.GetMembers(Everything))
            {
                if (member is not ConstructorInfo && !(member is MethodInfo { IsSpecialName: true }))
                {
                    names.Add(member.Name);
                }
            }
        }

        names.UnionWith(GeneratedMembers());

        // Names generated code gives its own parameters, locals and namespaces.
        names.UnionWith(["partial", "basis", "p", "c0", "i0", "c1", "i1", "global", "StructuredChat", "System", "Streaming", "Metadata", "value", "field", "extension"]);
        return names.Where(n => SyntaxFacts.IsValidIdentifier(n)).ToList();
    }
}
