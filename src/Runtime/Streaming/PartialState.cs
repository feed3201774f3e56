namespace StructuredChat.Streaming;

/// <summary>
/// How far a partial object and each of its properties have arrived, read beside the object rather than on it, so that
/// <see cref="Partial{T}"/> keeps every property name for the user's own properties.
/// </summary>
public static class PartialState
{
    /// <summary>
    /// The per-property states of <paramref name="partial"/>: the generator adds one extension property per property of
    /// <typeparamref name="T"/> (<c>PartialState.Of(partial).Name</c> is the <see cref="PartialValueState"/> of
    /// <c>partial.Name</c>).
    /// </summary>
    /// <typeparam name="T">The type being read.</typeparam>
    /// <param name="partial">The partial object.</param>
    public static PartialState<T> Of<T>(Partial<T> partial)
    {
        ArgumentNullException.ThrowIfNull(partial);
        return new PartialState<T>(partial);
    }

    /// <summary>Whether the closing brace of <paramref name="partial"/> has arrived: it will not change any more.</summary>
    /// <typeparam name="T">The type being read.</typeparam>
    /// <param name="partial">The partial object.</param>
    public static bool IsComplete<T>(Partial<T> partial)
    {
        ArgumentNullException.ThrowIfNull(partial);
        return partial.IsClosed;
    }
}

/// <summary>
/// The per-property states of a <see cref="Partial{T}"/> (from <see cref="PartialState.Of{T}"/>): one generated extension
/// property per property of <typeparamref name="T"/>, each a <see cref="PartialValueState"/>. It has no members of its
/// own, so no property name collides.
/// </summary>
/// <typeparam name="T">The type being read.</typeparam>
public readonly struct PartialState<T>
{
    internal PartialState(PartialObject partial) => Partial = partial;

    internal PartialObject? Partial { get; }
}
