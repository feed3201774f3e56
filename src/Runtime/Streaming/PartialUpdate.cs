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
public readonly struct PartialChange : IEquatable<PartialChange>
{
    // The path string (public constructor) or the container the reader saw the change in, whose path is built only if
    // someone reads it: one field for both keeps a change at 16 bytes, and an update array at that per change.
    private readonly object? _where;
    private readonly int _index;

    /// <summary>A change at a known path.</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="path">The dot path over JSON names; array elements by index.</param>
    public PartialChange(PartialChangeKind kind, string path)
    {
        Kind = kind;
        _where = path;
    }

    internal PartialChange(PartialChangeKind kind, PartialContainer container, int index)
    {
        Kind = kind;
        _where = container;
        _index = index;
    }

    // A change rebuilt from what an update keeps of it.
    internal PartialChange(PartialChangeKind kind, object? where, int index)
    {
        Kind = kind;
        _where = where;
        _index = index;
    }

    /// <summary>What happened.</summary>
    public PartialChangeKind Kind { get; }

    /// <summary>The dot path over JSON names; array elements by index (<c>founders.0.name</c>).</summary>
    public string Path => _where switch
    {
        string path => path,
        PartialContainer container => container.ChildPath(_index),
        _ => string.Empty,
    };

    /// <summary>Whether the value is now complete.</summary>
    public bool IsCompleted => Kind is PartialChangeKind.PropertyCompleted or PartialChangeKind.ElementCompleted;

    internal bool IsAt(PartialContainer container, int index) => ReferenceEquals(_where, container) && _index == index;

    // Where the change happened, as the reader saw it (a path string or a container) and the index in it.
    internal object? Where => _where;

    internal int Index => _index;

    // Whether two changes are at the same value.
    internal bool IsAtSamePlace(PartialChange other) => ReferenceEquals(_where, other._where) && _index == other._index;

    /// <inheritdoc/>
    public bool Equals(PartialChange other) => Kind == other.Kind && Path == other.Path;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PartialChange other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Path);

    /// <summary>Whether two changes are equal (same kind, same path).</summary>
    public static bool operator ==(PartialChange left, PartialChange right) => left.Equals(right);

    /// <summary>Whether two changes differ.</summary>
    public static bool operator !=(PartialChange left, PartialChange right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {Path}";
}

/// <summary>The changes one <c>Append</c> made to the partial object, in the order they happened.</summary>
public readonly struct PartialUpdate
{
    // Most appends make one change (a value completed, a string grew) or two at one place (a string started with its
    // first characters, or got its last ones and completed): they travel inside the update as the place and the kinds,
    // and an array is made only if someone reads Changes, so an append nobody inspects allocates nothing. Anything else
    // is an array. Sixteen bytes: an update is returned in two registers, never built in memory and copied.
    private readonly object? _where;
    private readonly int _index;
    private readonly PartialChangeKind _first;
    private readonly PartialChangeKind _second;
    private readonly byte _inline;

    internal PartialUpdate(PartialChange[]? changes)
    {
        _where = changes;
        _index = 0;
        _first = default;
        _second = default;
        _inline = 0;
    }

    internal PartialUpdate(PartialChange change)
    {
        _where = change.Where;
        _index = change.Index;
        _first = change.Kind;
        _second = default;
        _inline = 1;
    }

    // Two changes at the same place (see PartialChange.IsAtSamePlace).
    internal PartialUpdate(PartialChange first, PartialChangeKind second)
    {
        _where = first.Where;
        _index = first.Index;
        _first = first.Kind;
        _second = second;
        _inline = 2;
    }

    /// <summary>The changes, in order; a string that grew several times in one append appears once.</summary>
    public IReadOnlyList<PartialChange> Changes => _inline switch
    {
        1 => [new PartialChange(_first, _where, _index)],
        2 => [new PartialChange(_first, _where, _index), new PartialChange(_second, _where, _index)],
        _ => (PartialChange[]?)_where ?? [],
    };

    /// <summary>Whether nothing visible changed.</summary>
    public bool IsEmpty => _inline == 0 && (_where is not PartialChange[] changes || changes.Length == 0);

    /// <summary>Whether the value at <paramref name="path"/> completed in this update.</summary>
    public bool Completed(string path) => _inline switch
    {
        1 => IsCompletion(new PartialChange(_first, _where, _index), path),
        2 => IsCompletion(new PartialChange(_second, _where, _index), path) || IsCompletion(new PartialChange(_first, _where, _index), path),
        _ => _where is PartialChange[] changes && changes.Any(change => IsCompletion(change, path)),
    };

    /// <inheritdoc/>
    public override string ToString() => IsEmpty ? "(no change)" : string.Join(", ", Changes);

    private static bool IsCompletion(PartialChange change, string path) => change.IsCompleted && change.Path == path;
}
