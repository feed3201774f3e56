using System.Collections.Immutable;
using System.ComponentModel;
using StructuredChat.Streaming;

namespace StructuredChat.Metadata;

/// <summary>
/// For generated code; not meant to be used directly. Builds the complete value from a complete partial object: each
/// method checks that the value arrived and has the right shape, and otherwise names its JSON path.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PartialBuilder
{
    /// <summary>A non-nullable string.</summary>
    public static string RequireString(PartialContainer container, int index) =>
        RequireSlot(container, index).GetString() ?? throw Null(container, index);

    /// <summary>A nullable string.</summary>
    public static string? OptionalString(PartialContainer container, int index) =>
        RequireSlot(container, index).GetString();

    /// <summary>A non-nullable scalar (number, bool, enum, date, Guid, Uri...).</summary>
    public static TValue RequireValue<TValue>(PartialContainer container, int index)
        where TValue : notnull => RequireSlot(container, index).TryGet<TValue>(out var value) ? value : throw Null(container, index);

    /// <summary>A nullable value-type scalar.</summary>
    public static TValue? OptionalValue<TValue>(PartialContainer container, int index)
        where TValue : struct => RequireSlot(container, index).TryGet(out TValue value) ? value : null;

    /// <summary>A nullable reference-type scalar (such as <see cref="Uri"/>).</summary>
    public static TValue? OptionalReference<TValue>(PartialContainer container, int index)
        where TValue : class => Require(container, index) as TValue;

    /// <summary>A non-nullable nested object.</summary>
    public static TValue RequireObject<TValue>(PartialContainer container, int index, Func<PartialObject, TValue> build) =>
        Require(container, index) is PartialObject value ? build(value) : throw Null(container, index);

    /// <summary>A nullable nested object of reference type.</summary>
    public static TValue? OptionalObject<TValue>(PartialContainer container, int index, Func<PartialObject, TValue> build)
        where TValue : class => Require(container, index) is PartialObject value ? build(value) : null;

    /// <summary>A nullable nested object of value type.</summary>
    public static TValue? OptionalStruct<TValue>(PartialContainer container, int index, Func<PartialObject, TValue> build)
        where TValue : struct => Require(container, index) is PartialObject value ? build(value) : null;

    /// <summary>A non-nullable list, its elements built by <paramref name="element"/>.</summary>
    public static List<TItem> RequireList<TItem>(PartialContainer container, int index, Func<PartialContainer, int, TItem> element) =>
        Require(container, index) is PartialArray array ? BuildList(array, element) : throw Null(container, index);

    /// <summary>A nullable list.</summary>
    public static List<TItem>? OptionalList<TItem>(PartialContainer container, int index, Func<PartialContainer, int, TItem> element) =>
        Require(container, index) is PartialArray array ? BuildList(array, element) : null;

    /// <summary>A list as an <see cref="ImmutableArray{T}"/>.</summary>
    public static ImmutableArray<TItem> ToImmutableArray<TItem>(List<TItem> list) => [.. list];

    /// <summary>A nullable list as a nullable <see cref="ImmutableArray{T}"/>.</summary>
    public static ImmutableArray<TItem>? ToImmutableArrayOrNull<TItem>(List<TItem>? list) => list is null ? null : [.. list];

    /// <summary>A list as the <see cref="HashSet{T}"/> System.Text.Json builds for <c>HashSet&lt;T&gt;</c> and <c>ISet&lt;T&gt;</c> (a repeated element is kept once).</summary>
    public static HashSet<TItem> ToHashSet<TItem>(List<TItem> list) => [.. list];

    /// <summary>A nullable list as a nullable <see cref="HashSet{T}"/>.</summary>
    public static HashSet<TItem>? ToHashSetOrNull<TItem>(List<TItem>? list) => list is null ? null : [.. list];

    private static List<TItem> BuildList<TItem>(PartialArray array, Func<PartialContainer, int, TItem> element)
    {
        var list = new List<TItem>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            list.Add(element(array, i));
        }

        return list;
    }

    private static object? Require(PartialContainer container, int index) => RequireSlot(container, index).Held;

    private static ref PartialSlot RequireSlot(PartialContainer container, int index)
    {
        ref var slot = ref container.Slot(index);
        switch (slot.State)
        {
            case PartialValueState.Complete:
                return ref slot;
            case PartialValueState.Missing:
                throw new PartialBuildException(container.ChildPath(index), $"The required {container.ChildDescription(index)} is missing.");
            default:
                throw new PartialBuildException(container.ChildPath(index), $"The {container.ChildDescription(index)} is incomplete.");
        }
    }

    private static PartialBuildException Null(PartialContainer container, int index) =>
        new(container.ChildPath(index), $"The {container.ChildDescription(index)} is null, but its type does not allow null.");
}
