namespace StructuredChat;

/// <summary>
/// Creates a <see cref="Basis{T}"/> and reads what a basis knows beyond the properties of its type: every entry, the
/// entries that match no property, and the entry for a nested object or a list as a whole.
/// </summary>
/// <remarks>
/// These are static methods rather than members of <see cref="BasisNode{T}"/>, <see cref="Basis{T}"/> and
/// <see cref="BasisList{TElement}"/> so that no member of the library can hide a property of the user's type:
/// <c>basis.Entries</c> is the basis of a property named <c>Entries</c>.
/// </remarks>
public static class ResearchBasis
{
    /// <summary>Maps basis entries, by their dot paths over JSON names, onto <typeparamref name="T"/>'s properties.</summary>
    /// <remarks>When two entries have the same path, the typed view shows the last; both stay in <see cref="Entries{T}(Basis{T})"/>.</remarks>
    /// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type.</typeparam>
    /// <param name="entries">The entries, as the server sent them.</param>
    public static Basis<T> Create<T>(IReadOnlyList<FieldBasis> entries)
        where T : IParallelResponse<T> => Basis<T>.CreateFrom(entries);

    /// <summary>An empty basis (the <c>speed</c> model sends none).</summary>
    /// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type.</typeparam>
    public static Basis<T> Empty<T>()
        where T : IParallelResponse<T> => Basis<T>.EmptyBasis;

    /// <summary>Every basis entry, in the order the server sent them.</summary>
    /// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type.</typeparam>
    /// <param name="basis">The basis of an answer.</param>
    public static IReadOnlyList<FieldBasis> Entries<T>(Basis<T> basis)
        where T : IParallelResponse<T> => NotNull(basis).AllEntries;

    /// <summary>The entries whose <see cref="FieldBasis.Field"/> path matches no property of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type.</typeparam>
    /// <param name="basis">The basis of an answer.</param>
    public static IReadOnlyList<FieldBasis> Unmapped<T>(Basis<T> basis)
        where T : IParallelResponse<T> => NotNull(basis).UnmappedEntries;

    /// <summary>The entry for a nested object as a whole (<c>headquarters</c>), if the answer has one; never one for the root.</summary>
    /// <typeparam name="T">The object's type.</typeparam>
    /// <param name="basis">The basis of the object (<c>basis.Headquarters</c>).</param>
    public static FieldBasis? ForSelf<T>(BasisNode<T> basis) => NotNull(basis).EntryForSelf;

    /// <summary>The entry for a list as a whole (<c>founders</c>), if the answer has one.</summary>
    /// <typeparam name="TElement">The element type.</typeparam>
    /// <param name="basis">The basis of the list (<c>basis.Founders</c>).</param>
    public static FieldBasis? ForSelf<TElement>(BasisList<TElement> basis) => NotNull(basis).EntryForSelf;

    /// <summary>The dot path of an object in the answer over JSON names (<c>founders.0</c>); empty for the root.</summary>
    /// <typeparam name="T">The object's type.</typeparam>
    /// <param name="basis">The basis of the object.</param>
    public static string PathOf<T>(BasisNode<T> basis) => NotNull(basis).PathInAnswer;

    private static TBasis NotNull<TBasis>(TBasis basis)
        where TBasis : class
    {
        ArgumentNullException.ThrowIfNull(basis);
        return basis;
    }
}
