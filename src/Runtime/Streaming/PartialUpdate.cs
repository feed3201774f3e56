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
    // run of the reader's ChangeLog (the block, and where the run starts). Sixteen bytes: an update is returned in two
    // registers, never built in memory and copied.
    private readonly object? _where;
    private readonly int _index;
    private readonly PartialChangeKind _first;
    private readonly PartialChangeKind _second;
    private readonly byte _inline;

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
        _ => [],
    };

    /// <summary>Whether nothing visible changed.</summary>
    public bool IsEmpty => _inline == 0;

    /// <summary>Whether the value at <paramref name="path"/> completed in this update.</summary>
    public bool Completed(string path) => _inline switch
    {
        1 => IsCompletion(new PartialChange(_first, _where, _index), path),
        2 => IsCompletion(new PartialChange(_second, _where, _index), path) || IsCompletion(new PartialChange(_first, _where, _index), path),
        3 => ((ChangeLog.Block)_where!).AnyCompletion(_index, path),
        _ => false,
    };

    /// <inheritdoc/>
    public override string ToString() => IsEmpty ? "(no change)" : string.Join(", ", Changes);

    internal static bool IsCompletion(PartialChange change, string path) => change.IsCompleted && change.Path == path;
}

/// <summary>
/// The changes of the updates that hold more than two, one run after another in blocks: per change one byte (its kind,
/// a small index, and where it is against the change before) or a few for a larger index, and the place (container)
/// only when it is neither the one before nor its parent, so an append that fills in half an object costs a dozen
/// bytes, not an array of 16 bytes per change (at 64-byte chunks of a long list those arrays were over a third of all
/// the reader allocated, and each collection they caused copied the growing partial object). A block is never written
/// again where an update points, so an update kept from long ago still reads what it said.
/// </summary>
internal struct ChangeLog
{
    // A run: the number of places before it and the number of changes (each a variable-length number), then per change
    // a byte: bits 6-7 its place (the place before, the next place kept, or the parent of the place before), bits 3-5
    // the kind, bits 0-2 the index in the container, or 7 and the index less 7 as a variable-length number after it.
    // A run starts at the last place kept, so a run that goes on where the one before stopped keeps no place.
    private const int SamePlace = 0;
    private const int NextPlace = 1 << 6;
    private const int ParentPlace = 2 << 6;
    private const int KindShift = 3;
    private const int SmallIndexLimit = 7;
    private const int MaxBlock = 1024;

    // A variable-length number is at most this many bytes (seven bits each: an int), and a change at most one more.
    private const int MaxNumber = 5;
    private const int MaxChange = 1 + MaxNumber;

    // Made at the first update that needs it: many answers have none.
    private Block? _block;

    /// <summary>The update for <paramref name="changes"/> (more than one), as a run of the log.</summary>
    public PartialUpdate Write(ReadOnlySpan<PartialChange> changes)
    {
        var start = _block?.TryAppend(changes) ?? Block.NoRoom;
        if (start == Block.NoRoom)
        {
            // Blocks grow from small (a short answer stays small) to 1 KB; a larger run gets a block its size. Blocks of
            // 4 KB made the 256 KB list at 64-byte chunks 8-15 % slower: a block and its places live four times as
            // long while written, and are promoted while young containers are still written into them.
            var capacity = Math.Max(Math.Min((_block?.Capacity ?? 64) * 2, MaxBlock), (changes.Length * MaxChange) + (2 * MaxNumber));
            _block = new Block(capacity);
            start = _block.TryAppend(changes);
        }

        return new PartialUpdate(_block!, start);
    }

    /// <summary>Codes and places of many runs; written only at its end.</summary>
    internal sealed class Block(int capacity)
    {
        /// <summary>What <see cref="TryAppend"/> returns when the run does not fit.</summary>
        public const int NoRoom = -1;

        private readonly byte[] _codes = new byte[capacity];

        // Grown by copying: an earlier array keeps every place it held, so a reader holding it reads the same.
        private object?[] _places = new object?[8];
        private int _codeCount;
        private int _placeCount;

        public int Capacity => _codes.Length;

        /// <summary>
        /// Writes a run; returns where it starts, or <see cref="NoRoom"/> with nothing written (what was stored past
        /// the counts is never read).
        /// </summary>
        public int TryAppend(ReadOnlySpan<PartialChange> changes)
        {
            var codes = _codes;
            var start = _codeCount;
            if ((2 * MaxNumber) + changes.Length > codes.Length - start)
            {
                return NoRoom;
            }

            var at = start;
            WriteNumber(codes, ref at, _placeCount);
            WriteNumber(codes, ref at, changes.Length);
            var places = _placeCount;
            var current = places == 0 ? null : _places[places - 1];
            foreach (var change in changes)
            {
                if (codes.Length - at < MaxChange)
                {
                    return NoRoom;
                }

                int code;
                if (places > 0 && ReferenceEquals(change.Where, current))
                {
                    code = SamePlace;
                }
                else if (current is PartialContainer { Parent: { } parent } && ReferenceEquals(change.Where, parent))
                {
                    code = ParentPlace;
                }
                else
                {
                    if (places == _places.Length)
                    {
                        Array.Resize(ref _places, places * 2);
                    }

                    _places[places++] = change.Where;
                    code = NextPlace;
                }

                current = change.Where;
                code |= (int)change.Kind << KindShift;
                if (change.Index < SmallIndexLimit)
                {
                    codes[at++] = (byte)(code | change.Index);
                }
                else
                {
                    codes[at++] = (byte)(code | SmallIndexLimit);
                    WriteNumber(codes, ref at, change.Index - SmallIndexLimit);
                }
            }

            _codeCount = at;
            _placeCount = places;
            return start;
        }

        /// <summary>The changes of the run at <paramref name="start"/>, as a new array.</summary>
        public PartialChange[] Read(int start)
        {
            var run = new RunReader(this, start);
            var changes = new PartialChange[run.Count];
            for (var i = 0; i < changes.Length; i++)
            {
                changes[i] = run.Next();
            }

            return changes;
        }

        /// <summary>Whether a change of the run at <paramref name="start"/> completed the value at <paramref name="path"/>.</summary>
        public bool AnyCompletion(int start, string path)
        {
            var run = new RunReader(this, start);
            for (var i = 0; i < run.Count; i++)
            {
                if (PartialUpdate.IsCompletion(run.Next(), path))
                {
                    return true;
                }
            }

            return false;
        }

        private static void WriteNumber(byte[] codes, ref int at, int value)
        {
            var rest = (uint)value;
            while (rest >= 0x80)
            {
                codes[at++] = (byte)(rest | 0x80);
                rest >>= 7;
            }

            codes[at++] = (byte)rest;
        }

        private static int ReadNumber(byte[] codes, ref int at)
        {
            var value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var piece = codes[at++];
                value |= (piece & 0x7F) << shift;
                if (piece < 0x80)
                {
                    return value;
                }
            }
        }

        // Reads one run's changes in order.
        private struct RunReader
        {
            private readonly Block _block;
            private int _at;
            private int _place;
            private object? _current;

            public RunReader(Block block, int start)
            {
                _block = block;
                _at = start;
                _place = ReadNumber(block._codes, ref _at) - 1;
                _current = _place < 0 ? null : block._places[_place];
                Count = ReadNumber(block._codes, ref _at);
            }

            public int Count { get; }

            public PartialChange Next()
            {
                var codes = _block._codes;
                int code = codes[_at++];
                _current = (code & (NextPlace | ParentPlace)) switch
                {
                    NextPlace => _block._places[++_place],
                    ParentPlace => ((PartialContainer)_current!).Parent,
                    _ => _current,
                };

                var index = code & SmallIndexLimit;
                if (index == SmallIndexLimit)
                {
                    index += ReadNumber(codes, ref _at);
                }

                return new PartialChange((PartialChangeKind)((code >> KindShift) & 0b111), _current, index);
            }
        }
    }
}
