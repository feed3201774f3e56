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

    /// <summary>Whether a string grew (a change that repeats while the string streams).</summary>
    internal bool IsGrowth => Kind is PartialChangeKind.PropertyGrew or PartialChangeKind.ElementGrew;

    internal bool IsAt(PartialContainer container, int index) => ReferenceEquals(_where, container) && _index == index;

    // Same kind at the same place, without building the paths that Equals compares.
    internal bool IsSameAs(PartialChange other) => Kind == other.Kind && ReferenceEquals(_where, other._where) && _index == other._index;

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
    // Most appends make one or two changes (a value completed; a string started with its first characters): they are
    // kept here, and an array is made only if someone reads Changes, so an append nobody inspects allocates nothing.
    private readonly PartialChange[]? _changes;
    private readonly PartialChange _first;
    private readonly PartialChange _second;
    private readonly byte _inline;

    internal PartialUpdate(PartialChange[]? changes) => _changes = changes;

    internal PartialUpdate(PartialChange first)
    {
        _first = first;
        _inline = 1;
    }

    internal PartialUpdate(PartialChange first, PartialChange second)
    {
        _first = first;
        _second = second;
        _inline = 2;
    }

    /// <summary>The changes, in order; a string that grew several times in one append appears once.</summary>
    public IReadOnlyList<PartialChange> Changes => _inline switch
    {
        1 => [_first],
        2 => [_first, _second],
        _ => _changes ?? [],
    };

    /// <summary>Whether nothing visible changed.</summary>
    public bool IsEmpty => _inline == 0 && (_changes is null || _changes.Length == 0);

    /// <summary>Whether the value at <paramref name="path"/> completed in this update.</summary>
    public bool Completed(string path) => _inline switch
    {
        1 => IsCompletion(_first, path),
        2 => IsCompletion(_first, path) || IsCompletion(_second, path),
        _ => _changes is not null && _changes.Any(change => IsCompletion(change, path)),
    };

    /// <inheritdoc/>
    public override string ToString() => IsEmpty ? "(no change)" : string.Join(", ", Changes);

    private static bool IsCompletion(PartialChange change, string path) => change.IsCompleted && change.Path == path;
}
