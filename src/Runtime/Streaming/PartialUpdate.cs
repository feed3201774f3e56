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

    // A change the reader saw at slot `index` of a container, or rebuilt from what an update keeps of it.
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
    // and an array is made only if someone reads Changes, so an append nobody inspects allocates nothing. More are a
    // run of the reader's ChangeLog (the block, and where the run starts); an array only when the log cannot hold
    // them. Sixteen bytes: an update is returned in two registers, never built in memory and copied.
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

    // The run of a ChangeLog block that starts at `start`.
    internal PartialUpdate(ChangeLog.Block block, int start)
    {
        _where = block;
        _index = start;
        _first = default;
        _second = default;
        _inline = 3;
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
        3 => ((ChangeLog.Block)_where!).Read(_index),
        _ => (PartialChange[]?)_where ?? [],
    };

    /// <summary>Whether nothing visible changed.</summary>
    public bool IsEmpty => _inline == 0 && (_where is not PartialChange[] changes || changes.Length == 0);

    /// <summary>Whether the value at <paramref name="path"/> completed in this update.</summary>
    public bool Completed(string path) => _inline switch
    {
        1 => IsCompletion(new PartialChange(_first, _where, _index), path),
        2 => IsCompletion(new PartialChange(_second, _where, _index), path) || IsCompletion(new PartialChange(_first, _where, _index), path),
        3 => ((ChangeLog.Block)_where!).AnyCompletion(_index, path),
        _ => _where is PartialChange[] changes && changes.Any(change => IsCompletion(change, path)),
    };

    /// <inheritdoc/>
    public override string ToString() => IsEmpty ? "(no change)" : string.Join(", ", Changes);

    internal static bool IsCompletion(PartialChange change, string path) => change.IsCompleted && change.Path == path;
}

/// <summary>
/// The changes of the updates that hold more than two, one run after another in blocks: per change a 4-byte code, and
/// the place (container) only when it differs from the change before, so an append that fills in half an object costs
/// a few dozen bytes, not an array of 16 bytes per change (at 64-byte chunks of a long list those arrays were over a
/// third of all the reader allocated, and each collection they caused copied the growing partial object). A block is
/// never written again where an update points, so an update kept from long ago still reads what it said.
/// </summary>
internal struct ChangeLog
{
    // A run: the index of its first place, the number of changes, then one code per change: bit 31 set when the change
    // is at the next place, bits 28-30 the kind, bits 0-27 the index in the container.
    private const int NextPlace = 1 << 31;
    private const int KindShift = 28;
    private const int MaxIndex = (1 << KindShift) - 1;
    private const int MaxBlock = 1024;

    // Made at the first update that needs it: many answers have none.
    private Block? _block;

    /// <summary>
    /// The update for <paramref name="changes"/> (more than one), as a run of the log; or, for an index past what a code
    /// holds (an array of over 268 million elements), as an array.
    /// </summary>
    public PartialUpdate Write(ReadOnlySpan<PartialChange> changes)
    {
        var start = _block?.TryAppend(changes) ?? Block.NoRoom;
        if (start == Block.NoRoom)
        {
            // Blocks grow from small (a short answer stays small) to 16 KB of codes; a larger run gets a block its size.
            // A place is 8 bytes and comes with about every third change: half as many places as codes, and never fewer
            // than this run could need.
            var capacity = Math.Max(Math.Min((_block?.Capacity ?? 32) * 2, MaxBlock), changes.Length + 2);
            _block = new Block(capacity, Math.Max(capacity / 2, changes.Length));
            start = _block.TryAppend(changes);
        }

        return start == Block.IndexTooLarge ? new PartialUpdate(changes.ToArray()) : new PartialUpdate(_block!, start);
    }

    /// <summary>Codes and places of many runs; written only at its end.</summary>
    internal sealed class Block(int capacity, int placeCapacity)
    {
        /// <summary>What <see cref="TryAppend"/> returns when the run does not fit.</summary>
        public const int NoRoom = -1;

        /// <summary>What <see cref="TryAppend"/> returns when an index does not fit a code.</summary>
        public const int IndexTooLarge = -2;

        private readonly int[] _codes = new int[capacity];
        private readonly object?[] _places = new object?[placeCapacity];
        private int _codeCount;
        private int _placeCount;

        public int Capacity => _codes.Length;

        /// <summary>
        /// Writes a run; returns where it starts, or <see cref="NoRoom"/> or <see cref="IndexTooLarge"/> with nothing
        /// written (what was stored past the counts is never read).
        /// </summary>
        public int TryAppend(ReadOnlySpan<PartialChange> changes)
        {
            var start = _codeCount;
            if (changes.Length + 2 > _codes.Length - start)
            {
                return NoRoom;
            }

            var at = start + 2;
            var places = _placeCount;
            object? previous = null;
            foreach (var change in changes)
            {
                if ((uint)change.Index > MaxIndex)
                {
                    return IndexTooLarge;
                }

                var code = ((int)change.Kind << KindShift) | change.Index;
                if (at == start + 2 || !ReferenceEquals(change.Where, previous))
                {
                    if (places == _places.Length)
                    {
                        return NoRoom;
                    }

                    _places[places++] = previous = change.Where;
                    code |= NextPlace;
                }

                _codes[at++] = code;
            }

            _codes[start] = _placeCount;
            _codes[start + 1] = changes.Length;
            _codeCount = at;
            _placeCount = places;
            return start;
        }

        /// <summary>The changes of the run at <paramref name="start"/>, as a new array.</summary>
        public PartialChange[] Read(int start)
        {
            var changes = new PartialChange[_codes[start + 1]];
            var place = _codes[start] - 1;
            for (var i = 0; i < changes.Length; i++)
            {
                changes[i] = Decode(_codes[start + 2 + i], ref place);
            }

            return changes;
        }

        /// <summary>Whether a change of the run at <paramref name="start"/> completed the value at <paramref name="path"/>.</summary>
        public bool AnyCompletion(int start, string path)
        {
            var count = _codes[start + 1];
            var place = _codes[start] - 1;
            for (var i = 0; i < count; i++)
            {
                if (PartialUpdate.IsCompletion(Decode(_codes[start + 2 + i], ref place), path))
                {
                    return true;
                }
            }

            return false;
        }

        private PartialChange Decode(int code, ref int place)
        {
            if ((code & NextPlace) != 0)
            {
                place++;
            }

            return new PartialChange((PartialChangeKind)((code >> KindShift) & 0b111), _places[place], code & MaxIndex);
        }
    }
}
