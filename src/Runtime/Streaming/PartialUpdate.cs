namespace StructuredChat.Streaming;

/// <summary>What happened to a value during one <c>Append</c>.</summary>
public enum PartialChangeKind : byte
{
    /// <summary>A property's value began (a string's opening quote, an object's or array's opening bracket).</summary>
    PropertyStarted,

    /// <summary>A string property grew.</summary>
    PropertyGrew,

    /// <summary>A property's value is complete and will not change any more.</summary>
    PropertyCompleted,

    /// <summary>An array element began (for a number, boolean, enum or date: arrived complete).</summary>
    ElementAdded,

    /// <summary>A string element grew.</summary>
    ElementGrew,

    /// <summary>An array element is complete.</summary>
    ElementCompleted,
}

/// <summary>One change: what happened, and to which value, by JSON dot path (<c>founders.0.name</c>).</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Path">The dot path over JSON names; array elements by index.</param>
public readonly record struct PartialChange(PartialChangeKind Kind, string Path)
{
    /// <summary>Whether the value is now complete.</summary>
    public bool IsCompleted => Kind is PartialChangeKind.PropertyCompleted or PartialChangeKind.ElementCompleted;

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {Path}";
}

/// <summary>The changes one <c>Append</c> made to the partial object, in the order they happened.</summary>
public readonly struct PartialUpdate
{
    private readonly PartialChange[]? _changes;

    internal PartialUpdate(PartialChange[]? changes) => _changes = changes;

    /// <summary>The changes, in order; a string that grew several times in one append appears once.</summary>
    public IReadOnlyList<PartialChange> Changes => _changes ?? [];

    /// <summary>Whether nothing visible changed.</summary>
    public bool IsEmpty => _changes is null || _changes.Length == 0;

    /// <summary>Whether the value at <paramref name="path"/> completed in this update.</summary>
    public bool Completed(string path)
    {
        foreach (var change in Changes)
        {
            if (change.IsCompleted && change.Path == path)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => IsEmpty ? "(no change)" : string.Join(", ", Changes);
}
