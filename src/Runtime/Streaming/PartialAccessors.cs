using System.ComponentModel;

namespace StructuredChat.Streaming;

/// <summary>
/// Called by generated extension properties to read a slot of a partial object. Static, so that nothing of the
/// machinery sits on <see cref="Partial{T}"/> where it could hide a user's property of the same name.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PartialAccessors
{
    /// <summary>The text of a string property so far; null until it starts (or when it is JSON null).</summary>
    public static PartialText? Text(PartialObject partial, int index) =>
        partial.Slot(index).ReadText() is { } text ? new PartialText(text) : null;

    /// <summary>A complete value-type scalar, or null until it is complete.</summary>
    public static TValue? Value<TValue>(PartialObject partial, int index)
        where TValue : struct => partial.Slot(index).TryGet(out TValue value) ? value : null;

    /// <summary>A complete reference-type scalar (such as a <see cref="Uri"/>), or null until it is complete.</summary>
    public static TValue? Reference<TValue>(PartialObject partial, int index)
        where TValue : class => partial.Slot(index).Held as TValue;

    /// <summary>A nested object, or null until it starts.</summary>
    public static Partial<TObject>? Object<TObject>(PartialObject partial, int index) => partial.Slot(index).Held as Partial<TObject>;

    /// <summary>A list, or null until it starts.</summary>
    public static PartialList<TItem>? List<TItem>(PartialObject partial, int index) =>
        partial.Slot(index).Held is PartialArray array ? array.AsList<TItem>() : null;

    /// <summary>How far a property has arrived.</summary>
    public static PartialValueState State<T>(PartialState<T> state, int index) =>
        state?.Partial is { } partial ? partial.Slot(index).State : PartialValueState.Missing;
}
