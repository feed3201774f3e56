using System.ComponentModel;

namespace StructuredChat;

/// <summary>
/// Called by the generated extension properties of <see cref="BasisNode{T}"/>: static, so that the basis view itself
/// has no member that could hide a property of the user's type.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BasisAccessor
{
    /// <summary>The entry of the value property at <paramref name="index"/>.</summary>
    /// <typeparam name="T">The object's type.</typeparam>
    /// <param name="basis">The basis of the object.</param>
    /// <param name="index">The property's position in the type's metadata.</param>
    public static FieldBasis? Value<T>(BasisNode<T> basis, int index) => basis.EntryAt(index);

    /// <summary>The basis of the nested object property at <paramref name="index"/>.</summary>
    /// <typeparam name="T">The object's type.</typeparam>
    /// <typeparam name="TObject">The nested object's type.</typeparam>
    /// <param name="basis">The basis of the object.</param>
    /// <param name="index">The property's position in the type's metadata.</param>
    public static BasisNode<TObject> Object<T, TObject>(BasisNode<T> basis, int index) => basis.ObjectAt<TObject>(index);

    /// <summary>The basis of the list property at <paramref name="index"/>.</summary>
    /// <typeparam name="T">The object's type.</typeparam>
    /// <typeparam name="TElement">The element type.</typeparam>
    /// <param name="basis">The basis of the object.</param>
    /// <param name="index">The property's position in the type's metadata.</param>
    public static BasisList<TElement> List<T, TElement>(BasisNode<T> basis, int index) => basis.ListAt<TElement>(index);
}
