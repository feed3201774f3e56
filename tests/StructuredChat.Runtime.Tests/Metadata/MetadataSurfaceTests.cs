using System.ComponentModel;
using System.Reflection;
using StructuredChat.Metadata;
using Xunit;

namespace StructuredChat.Runtime.Tests.Metadata;

/// <summary>
/// What generated code calls is public (it lives in the user's assembly) but kept out of a user's way: in
/// <c>StructuredChat.Metadata</c>, hidden from IntelliSense, and no wider than generated code needs.
/// </summary>
public class MetadataSurfaceTests
{
    private static IEnumerable<Type> MetadataTypes =>
        typeof(ParallelTypeInfo<>).Assembly.GetExportedTypes().Where(t => t.Namespace == typeof(ParallelTypeInfo<>).Namespace);

    [Fact]
    public void Every_public_metadata_type_is_hidden_from_IntelliSense()
    {
        Assert.NotEmpty(MetadataTypes);
        Assert.All(MetadataTypes, t => Assert.Equal(EditorBrowsableState.Never, t.GetCustomAttribute<EditorBrowsableAttribute>()?.State));
    }

    [Fact]
    public void The_public_members_of_the_metadata_types_are_the_ones_generated_code_calls()
    {
        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var members = MetadataTypes
            .Where(t => !t.IsEnum)
            .SelectMany(t => t.GetMembers(Public).Select(m => t.Name.Split('`')[0] + "." + m.Name))
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "ParallelEnumInfo.Create",
                "ParallelObjectInfo.Create",
                "ParallelPropertyInfo..ctor",
                "ParallelTypeInfo..ctor",
                "ParallelValueInfo.Array",
                "ParallelValueInfo.Enum",
                "ParallelValueInfo.Object",
                "ParallelValueInfo.Scalar",
                "PartialBuilder.OptionalList",
                "PartialBuilder.OptionalObject",
                "PartialBuilder.OptionalReference",
                "PartialBuilder.OptionalString",
                "PartialBuilder.OptionalStruct",
                "PartialBuilder.OptionalValue",
                "PartialBuilder.RequireList",
                "PartialBuilder.RequireObject",
                "PartialBuilder.RequireString",
                "PartialBuilder.RequireValue",
                "PartialBuilder.ToHashSet",
                "PartialBuilder.ToHashSetOrNull",
                "PartialBuilder.ToImmutableArray",
                "PartialBuilder.ToImmutableArrayOrNull",
            ],
            members);
    }

    [Fact]
    public void A_scalar_factory_refuses_the_kinds_that_have_their_own()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelValueInfo.Scalar(ParallelValueKind.Object, isNullable: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelValueInfo.Scalar(ParallelValueKind.Array, isNullable: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelValueInfo.Scalar(ParallelValueKind.Enum, isNullable: true));
    }
}
