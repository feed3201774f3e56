using System.Collections;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using StructuredChat.Metadata;

namespace StructuredChat.Streaming;

/// <summary>How far a value of a partial object has arrived.</summary>
public enum PartialValueState : byte
{
    /// <summary>Not seen yet.</summary>
    Missing = 0,

    /// <summary>Begun: a string, object or array that is still growing.</summary>
    Started = 1,

    /// <summary>Complete: it will not change any more.</summary>
    Complete = 2,
}

/// <summary>
/// One property or element of a partial object or array, 16 bytes. How far it has arrived is read from what it holds,
/// and a scalar of up to 8 bytes (a number, date or time) is held in <see cref="Bits"/> rather than boxed, so that a
/// list of thousands of objects does not allocate a box per number.
/// </summary>
internal struct PartialSlot
{
    // What the slot holds: null (not seen yet); a PartialString, PartialObject or PartialArray (complete once it is
    // closed); the Utf8Arena of a complete string nobody has read, its run in Bits (no object per string value);
    // JsonNull; a boxed scalar; or the InlineScalar<T> tag of the value in Bits.
    public object? Held;
    public long Bits;

    /// <summary>The value as an object: null for JSON null or nothing yet, a scalar boxed (for diagnostics and tests; the reader's own paths read <see cref="Held"/>).</summary>
    public readonly object? Value => Held switch
    {
        InlineScalar tag => tag.Box(Bits),
        Utf8Arena arena => arena.TextAt(Bits),
        PartialString text => text.HandOut(),
        var held when ReferenceEquals(held, JsonNull) => null,
        var held => held,
    };

    /// <summary>
    /// The text of a string value, to hand out in a <see cref="PartialText"/>; null when the slot holds no string. A
    /// complete string kept as a run of the arena is made into its <see cref="PartialString"/> here, once.
    /// </summary>
    public PartialString? ReadText()
    {
        switch (Held)
        {
            case PartialString text:
                return text;
            case Utf8Arena arena:
                var made = arena.TextAt(Bits);
                Held = made;
                return made;
            default:
                return null;
        }
    }

    /// <summary>The complete string value as a string; null when the slot holds no string.</summary>
    public readonly string? GetString() => Held switch
    {
        PartialString text => text.Value,
        Utf8Arena arena => arena.StringAt(Bits),
        _ => null,
    };

    /// <summary>What a slot holds for a JSON <c>null</c> (a null Value means nothing arrived yet).</summary>
    public static readonly object JsonNull = new();

    public readonly PartialValueState State => Held switch
    {
        null => PartialValueState.Missing,
        PartialString text => text.IsComplete ? PartialValueState.Complete : PartialValueState.Started,
        Utf8Arena => PartialValueState.Complete,
        PartialContainer container => container.IsClosed ? PartialValueState.Complete : PartialValueState.Started,
        _ => PartialValueState.Complete,
    };

    /// <summary>The scalar held, as <typeparamref name="TValue"/> (for a scalar value type, whether boxed or inline).</summary>
    public readonly bool TryGet<TValue>([MaybeNullWhen(false)] out TValue value)
    {
        var held = Held;
        if (held is TValue boxed)
        {
            value = boxed;
            return true;
        }

        if (held is InlineScalar tag)
        {
            return tag.TryRead(Bits, out value);
        }

        value = default;
        return false;
    }

    /// <summary>Holds <paramref name="value"/> without a box when it fits in 8 bytes.</summary>
    public void Set<TValue>(TValue value)
        where TValue : struct
    {
        if (Unsafe.SizeOf<TValue>() <= sizeof(long) && !RuntimeHelpers.IsReferenceOrContainsReferences<TValue>())
        {
            Bits = 0;
            Unsafe.As<long, TValue>(ref Bits) = value;
            Held = InlineScalar<TValue>.Tag;
            return;
        }

        Held = value;
    }
}

/// <summary>The tag of a scalar held in <see cref="PartialSlot.Bits"/>: it knows the value's type.</summary>
internal abstract class InlineScalar
{
    /// <summary>The value as <typeparamref name="TItem"/>: its own type, or the nullable form of it (a list of <c>int?</c>).</summary>
    public abstract bool TryRead<TItem>(long bits, [MaybeNullWhen(false)] out TItem value);

    /// <summary>The value, boxed.</summary>
    public abstract object Box(long bits);
}

internal sealed class InlineScalar<T> : InlineScalar
    where T : struct
{
    public static readonly InlineScalar<T> Tag = new();

    public override object Box(long bits) => Unsafe.As<long, T>(ref bits);

    public override bool TryRead<TItem>(long bits, [MaybeNullWhen(false)] out TItem value)
    {
        var held = Unsafe.As<long, T>(ref bits);
        if (typeof(TItem) == typeof(T))
        {
            value = Unsafe.As<T, TItem>(ref held);
            return true;
        }

        if (typeof(TItem) == typeof(T?))
        {
            T? nullable = held;
            value = Unsafe.As<T?, TItem>(ref nullable);
            return true;
        }

        // Any other view (object, an interface) gets a box, as before.
        if ((object)held is TItem boxed)
        {
            value = boxed;
            return true;
        }

        value = default;
        return false;
    }
}

/// <summary>
/// An object or array that is being filled in while the answer streams: the handle generated code works with. It has
/// no public members, so that any property name a user writes is reachable as an extension property of
/// <see cref="Partial{T}"/>; read it through the generated properties, <see cref="PartialState"/> and
/// <see cref="PartialList{TItem}"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class PartialContainer
{
    private protected PartialSlot[] _slots;
    private readonly PartialContainer? _parent;
    private readonly int _indexInParent;
    private string? _path;

    // The path is built only when someone asks for it (a change's Path, an error): most values never need it.
    private protected PartialContainer(PartialContainer? parent, int indexInParent, int capacity)
    {
        _parent = parent;
        _indexInParent = indexInParent;
        _slots = capacity == 0 ? [] : new PartialSlot[capacity];
    }

    /// <summary>The object or array this value is in; null for the root.</summary>
    internal PartialContainer? Parent => _parent;

    /// <summary>The dot path of this value over JSON names (<c>founders.0</c>); empty for the root.</summary>
    internal string ContainerPath => _path ??= _parent is null ? string.Empty : _parent.ChildPath(_indexInParent);

    /// <summary>Whether the closing bracket has arrived (not named IsComplete, which a user's property may be called).</summary>
    internal bool IsClosed { get; set; }

    internal abstract int SlotCount { get; }

    internal ref PartialSlot Slot(int index)
    {
        var slots = _slots;
        if ((uint)index < (uint)slots.Length)
        {
            return ref slots[index];
        }

        return ref SlotBeyondFirstBlock(index);
    }

    // Only a long array has slots past its first block (PartialArray).
    private protected virtual ref PartialSlot SlotBeyondFirstBlock(int index) => throw new ArgumentOutOfRangeException(nameof(index));

    internal abstract string ChildPath(int index);

    internal abstract string ChildDescription(int index);

    /// <summary>Whether the value at <paramref name="index"/> of this container is, or is inside, slot <paramref name="slotIndex"/> of <paramref name="container"/>.</summary>
    internal bool IsWithin(int index, PartialContainer container, int slotIndex)
    {
        PartialContainer? current = this;
        var at = index;
        while (current is not null)
        {
            if (ReferenceEquals(current, container) && at == slotIndex)
            {
                return true;
            }

            at = current._indexInParent;
            current = current._parent;
        }

        return false;
    }

    internal static string Join(string path, string name) => path.Length == 0 ? name : string.Concat(path, ".", name);
}

/// <summary>An object being filled in; typed access comes from <see cref="Partial{T}"/>'s generated extension properties.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public class PartialObject : PartialContainer
{
    internal PartialObject(ParallelObjectInfo info, PartialContainer? parent, int indexInParent)
        : base(parent, indexInParent, info.Properties.Count)
    {
        Info = info;
    }

    internal ParallelObjectInfo Info { get; }

    // The PartialState<T> view handed out last, so that reading states while streaming does not allocate each time.
    internal object? StateView { get; set; }

    internal override int SlotCount => _slots.Length;

    internal override string ChildPath(int index) => Join(ContainerPath, Info.Properties[index].JsonName);

    internal override string ChildDescription(int index) => $"property '{ChildPath(index)}'";
}

/// <summary>
/// The partial form of <typeparamref name="T"/> while its JSON streams in: strings grow as characters arrive; numbers,
/// booleans, enums and dates appear once complete; nested objects and lists fill in the same way. The generator adds one
/// extension property per property of <typeparamref name="T"/> (<c>partial.Name</c>, <c>partial.Founders</c>), and
/// nothing else is on it, so every property name is free; how far each has arrived is <see cref="PartialState.Of{T}"/>.
/// </summary>
/// <typeparam name="T">The type being read.</typeparam>
// Not sealed so that a generated extension block can take it as a type-parameter receiver (needed when a property is
// named Partial: CS9326); the internal constructor keeps anyone else from deriving from it.
public class Partial<T> : PartialObject
{
    internal Partial(ParallelObjectInfo info, PartialContainer? parent, int indexInParent)
        : base(info, parent, indexInParent)
    {
    }
}

/// <summary>An array being filled in: the element type of a list of lists (<c>List&lt;List&lt;int&gt;&gt;</c>).</summary>
public sealed class PartialArray : PartialContainer
{
    private int _count;

    internal PartialArray(ParallelValueInfo element, PartialContainer parent, int indexInParent)
        : base(parent, indexInParent, 4)
    {
        Element = element;
    }

    internal ParallelValueInfo Element { get; }

    /// <summary>How many elements have arrived (the last one may still be growing).</summary>
    public int Count => _count;

    /// <summary>Whether the closing bracket has arrived.</summary>
    public bool IsComplete => IsClosed;

    internal override int SlotCount => _count;

    internal int Add()
    {
        if (_count == _slots.Length + (_blocks is null ? 0 : _blockCount * BlockSize))
        {
            Grow();
        }

        return _count++;
    }

    internal void RemoveLast() => Slot(--_count) = default;

    // The first block doubles up to BlockSize slots; after it come blocks of BlockSize that never move, so a long array
    // neither copies its slots again nor puts them on the large-object heap (a gen2 collection each time it grew).
    private const int BlockSize = 1024;
    private PartialSlot[][]? _blocks;
    private int _blockCount;

    private void Grow()
    {
        if (_slots.Length < BlockSize)
        {
            Array.Resize(ref _slots, Math.Min(_slots.Length * 2, BlockSize));
            return;
        }

        _blocks ??= new PartialSlot[4][];
        if (_blockCount == _blocks.Length)
        {
            Array.Resize(ref _blocks, _blockCount * 2);
        }

        _blocks[_blockCount++] = new PartialSlot[BlockSize];
    }

    private protected override ref PartialSlot SlotBeyondFirstBlock(int index)
    {
        var beyond = index - BlockSize;
        var block = beyond / BlockSize;
        if (index < 0 || _blocks is null || block >= _blockCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return ref _blocks[block][beyond % BlockSize];
    }

    internal override string ChildPath(int index) => Join(ContainerPath, index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal override string ChildDescription(int index) => $"element '{ChildPath(index)}'";

    /// <summary>A typed view of this array, for a list nested in a list (<c>List&lt;List&lt;int&gt;&gt;</c>).</summary>
    /// <typeparam name="TItem">The element as seen while streaming (see <see cref="PartialList{TItem}"/>).</typeparam>
    public PartialList<TItem> AsList<TItem>() => _view as PartialList<TItem> ?? (PartialList<TItem>)(_view = new PartialList<TItem>(this));

    // The typed view handed out last, so that reading a list property while streaming does not allocate each time.
    private object? _view;
}

/// <summary>A read-only view of a list property while it streams in.</summary>
/// <typeparam name="TItem">
/// The element as seen while streaming: <c>PartialText?</c> (growing text), a nullable scalar (present once complete),
/// a <see cref="Partial{T}"/>, or for a list of lists a <see cref="PartialArray"/> (see <see cref="PartialArray.AsList{TItem}"/>).
/// </typeparam>
public sealed class PartialList<TItem> : IReadOnlyList<TItem>
{
    private readonly PartialArray _array;

    internal PartialList(PartialArray array) => _array = array;

    /// <summary>How many elements have arrived.</summary>
    public int Count => _array.Count;

    /// <summary>Whether the closing bracket has arrived.</summary>
    public bool IsComplete => _array.IsComplete;

    /// <summary>The element at <paramref name="index"/> as it is now.</summary>
    public TItem this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_array.Count, nameof(index));
            ref var slot = ref _array.Slot(index);
            if (typeof(TItem) == typeof(PartialText?) && slot.ReadText() is { } text)
            {
                // Checked above, so this is the identity; it spares a box per read.
                PartialText? view = new PartialText(text);
                return Unsafe.As<PartialText?, TItem>(ref view);
            }

            var value = slot.Held;

            if (value is InlineScalar)
            {
                return slot.TryGet<TItem>(out var scalar) ? scalar : throw new InvalidCastException($"The element is not a {typeof(TItem)}.");
            }

            return value == PartialSlot.JsonNull ? default! : (TItem)value!;
        }
    }

    /// <inheritdoc/>
    public IEnumerator<TItem> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// The unescaped UTF-8 of every string value of one answer, one value after another, in segments that never move. Only
/// the value being read grows, so each value is one run of this store: no array per value, and a short value costs only
/// its bytes.
/// </summary>
internal sealed class Utf8Arena
{
    private Utf8Segments _bytes;

    /// <summary>Where the next byte goes: a segment, and the bytes already in it.</summary>
    public (int Segment, int Offset) End => (_bytes.SegmentCount - 1, _bytes.SegmentAt(_bytes.SegmentCount - 1).Length);

    public void Append(ReadOnlySpan<byte> utf8) => _bytes.Append(utf8, wholeCharacters: true);

    // A run in 64 bits, for a slot: the length in the low 31, the offset in its segment (at most MaxSegmentSize) in the
    // next 15, the segment in the top 18 (262,144 segments, more than an answer of int.MaxValue bytes can make).
    private const int LengthBits = 31;
    private const int OffsetBits = 15;

    /// <summary>A run of this arena as a slot holds it (see <see cref="PartialSlot.Held"/>).</summary>
    public static long PackRun(int segment, int offset, int length) =>
        ((long)segment << (LengthBits + OffsetBits)) | ((long)offset << LengthBits) | (uint)length;

    private static (int Segment, int Offset, int Length) UnpackRun(long run) =>
        ((int)((ulong)run >> (LengthBits + OffsetBits)), (int)(run >> LengthBits) & ((1 << OffsetBits) - 1), (int)(run & int.MaxValue));

    /// <summary>The complete string value kept as <paramref name="run"/>, as a <see cref="PartialString"/> to read.</summary>
    public PartialString TextAt(long run)
    {
        var (segment, offset, length) = UnpackRun(run);
        return new PartialString(this, segment, offset, length);
    }

    /// <summary>The string value kept as <paramref name="run"/>, as a string.</summary>
    public string StringAt(long run)
    {
        var (segment, offset, length) = UnpackRun(run);
        return StringAt(segment, offset, length);
    }

    /// <summary>The <paramref name="length"/> bytes from a position, decoded.</summary>
    public string StringAt(int segment, int offset, int length)
    {
        if (length == 0)
        {
            return string.Empty;
        }

        var (start, startOffset, remaining) = (segment, offset, length);
        var first = NextRun(ref start, ref startOffset, ref remaining);
        if (remaining == 0)
        {
            return Encoding.UTF8.GetString(first);
        }

        var characters = Encoding.UTF8.GetCharCount(first);
        while (remaining > 0)
        {
            characters += Encoding.UTF8.GetCharCount(NextRun(ref start, ref startOffset, ref remaining));
        }

        return string.Create(characters, (Arena: this, segment, offset, length), static (destination, run) =>
        {
            var (segment, offset, remaining) = (run.segment, run.offset, run.length);
            while (remaining > 0)
            {
                System.Text.Unicode.Utf8.ToUtf16(run.Arena.NextRun(ref segment, ref offset, ref remaining), destination, out _, out var written);
                destination = destination[written..];
            }
        });
    }

    /// <summary>The next run of a value's bytes, from a position the caller advances; <paramref name="remaining"/> must be positive.</summary>
    public ReadOnlySpan<byte> NextRun(ref int segment, ref int offset, ref int remaining)
    {
        while (true)
        {
            var bytes = _bytes.SegmentAt(segment);
            if (offset < bytes.Length)
            {
                var run = bytes.Slice(offset, Math.Min(bytes.Length - offset, remaining));
                offset += run.Length;
                remaining -= run.Length;
                return run;
            }

            segment++;
            offset = 0;
        }
    }
}

/// <summary>
/// A string value that grows as its characters arrive. It keeps the UTF-8 as it came (what the complete value is made
/// from), as a run of the reader's <see cref="Utf8Arena"/>, and decodes to UTF-16 only what is new since the last
/// read, so any read (a <see cref="PartialText"/>) is a view, never a re-decoding of what came before, and a value
/// nobody reads while it streams costs no decoding at all.
/// </summary>
internal sealed class PartialString
{
    // Decoded characters live in chunks of this many (32 KB, under the large-object threshold), so a long text read as
    // it grows never makes a large array per doubling; the first chunk grows from small to this size.
    internal const int ChunkShift = 14;
    internal const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;

    private readonly Utf8Arena _arena;
    private int _startSegment;
    private int _startOffset;
    private int _length;

    // Made on the first read: a value nobody reads while it streams carries no decoding state.
    private DecodedText? _decoded;
    private string? _cached;

    /// <summary>Starts a value at the end of <paramref name="arena"/>; only this value may append to it until it ends.</summary>
    public PartialString(Utf8Arena arena)
    {
        _arena = arena;
        (_startSegment, _startOffset) = arena.End;
    }

    /// <summary>A complete value kept as a run of <paramref name="arena"/>, made when it is first read.</summary>
    public PartialString(Utf8Arena arena, int segment, int offset, int length)
    {
        _arena = arena;
        (_startSegment, _startOffset, _length) = (segment, offset, length);
        IsComplete = true;
    }

    public bool IsComplete { get; set; }

    /// <summary>
    /// Whether this object has been given to anyone outside the reader (a <see cref="PartialText"/> holds it): if not,
    /// once complete the reader keeps the value as a run in its slot and uses this object again for the next value.
    /// </summary>
    public bool IsHandedOut { get; private set; }

    /// <summary>Where the value's bytes are, as a slot holds a complete value (see <see cref="Utf8Arena.PackRun"/>).</summary>
    public long Run => Utf8Arena.PackRun(_startSegment, _startOffset, _length);

    /// <summary>Marks this object as given out (see <see cref="IsHandedOut"/>).</summary>
    public PartialString HandOut()
    {
        IsHandedOut = true;
        return this;
    }

    /// <summary>Starts this object (never handed out) over as the next value, at the end of the arena.</summary>
    public PartialString Restart()
    {
        (_startSegment, _startOffset) = _arena.End;
        _length = 0;
        _decoded = null;
        _cached = null;
        IsComplete = false;
        return this;
    }

    /// <summary>The whole text; made once per change.</summary>
    public string Value => _cached ??= MakeString();

    private bool IsAllDecoded => _decoded is { } decoded ? decoded.Bytes == _length : _length == 0;

    /// <summary>The character at <paramref name="index"/> (decoded already).</summary>
    public char this[int index] => _decoded!.Chunks[index >> ChunkShift][index & ChunkMask];

    /// <summary>The decoded characters [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) when they lie in one chunk.</summary>
    public ReadOnlyMemory<char> ChunkAt(int start, int length) =>
        new(_decoded!.Chunks[start >> ChunkShift], start & ChunkMask, length);

    /// <summary>Decodes what arrived since the last call; returns the number of characters.</summary>
    public int Decode()
    {
        var decoded = _decoded ??= new DecodedText { Segment = _startSegment, Offset = _startOffset };
        var remaining = _length - decoded.Bytes;
        while (remaining > 0)
        {
            decoded.Write(_arena.NextRun(ref decoded.Segment, ref decoded.Offset, ref remaining));
        }

        return decoded.Length;
    }

    /// <summary>The first <paramref name="charLength"/> decoded characters as one span (see <see cref="PartialText.AsSpan"/>).</summary>
    public ReadOnlySpan<char> Contiguous(int charLength) => charLength == 0 ? default : _decoded!.Contiguous(charLength);

    /// <summary>Copies the first <paramref name="charLength"/> decoded characters to <paramref name="destination"/>.</summary>
    public void CopyTo(int charLength, Span<char> destination)
    {
        for (var start = 0; start < charLength; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, charLength - start);
            _decoded!.Chunks[start >> ChunkShift].AsSpan(0, count).CopyTo(destination.Slice(start, count));
        }
    }

    /// <summary>The first <paramref name="charLength"/> characters as a string (the cached whole text when that is all).</summary>
    public string ToString(int charLength) => _decoded is not { } decoded || (charLength == decoded.Length && IsAllDecoded)
        ? Value
        : MakeDecodedString(charLength);

    /// <summary>Appends whole UTF-8 characters (the tokenizer never splits one between chunks).</summary>
    public void Append(ReadOnlySpan<byte> utf8)
    {
        _arena.Append(utf8);
        _length += utf8.Length;
        _cached = null;
    }

    private string MakeDecodedString(int charLength) =>
        charLength <= ChunkSize
            ? new string(_decoded!.Chunks[0], 0, charLength)
            : string.Create(charLength, this, static (destination, text) => text.CopyTo(destination.Length, destination));

    private string MakeString()
    {
        if (_decoded is { } decoded && IsAllDecoded)
        {
            // Someone read the text as it grew: the characters are there already.
            return decoded.Length == 0 ? string.Empty : MakeDecodedString(decoded.Length);
        }

        return _arena.StringAt(_startSegment, _startOffset, _length);
    }

    // The UTF-16 made so far for reads, in chunks of ChunkSize characters (the first one grows up to that size; a
    // surrogate pair may straddle two chunks), and how far into the UTF-8 it goes (a position in the arena, and a count).
    private sealed class DecodedText
    {
        public char[][] Chunks = [[]];
        public int ChunkCount = 1;
        public int Length;
        public int Segment;
        public int Offset;
        public int Bytes;

        // One contiguous copy, made only when a text longer than one chunk is asked for as a span; it grows by doubling
        // and copies only what is new (earlier copies stay valid for spans already handed out).
        private char[]? _flat;
        private int _flatLength;

        /// <summary>Decodes whole UTF-8 characters onto the end.</summary>
        public void Write(ReadOnlySpan<byte> utf8)
        {
            while (!utf8.IsEmpty)
            {
                var chunk = Room(utf8.Length);
                var destination = chunk.AsSpan(Length & ChunkMask);
                var status = System.Text.Unicode.Utf8.ToUtf16(utf8, destination, out var read, out var written);
                Length += written;
                Bytes += read;
                utf8 = utf8[read..];
                if (status == System.Buffers.OperationStatus.DestinationTooSmall && destination.Length - written == 1)
                {
                    // One slot left and the next character is a surrogate pair: its halves go into two chunks.
                    WriteStraddlingPair(chunk, utf8[..4]);
                    utf8 = utf8[4..];
                }
            }
        }

        private void WriteStraddlingPair(char[] chunk, ReadOnlySpan<byte> utf8)
        {
            Span<char> pair = stackalloc char[2];
            System.Text.Unicode.Utf8.ToUtf16(utf8, pair, out _, out _);
            chunk[ChunkSize - 1] = pair[0];
            Length++;
            Room(1)[0] = pair[1];
            Length++;
            Bytes += utf8.Length;
        }

        public ReadOnlySpan<char> Contiguous(int length)
        {
            if (length <= ChunkSize)
            {
                return new(Chunks[0], 0, length);
            }

            if (_flat is null || _flat.Length < length)
            {
                // Not zeroed: every character up to _flatLength is copied, and later ones before they are read.
                var grown = GC.AllocateUninitializedArray<char>(Math.Max((_flat?.Length ?? 0) * 2, length));
                _flat.AsSpan(0, _flatLength).CopyTo(grown);
                _flat = grown;
            }

            while (_flatLength < length)
            {
                var end = Math.Min(length, (_flatLength & ~ChunkMask) + ChunkSize);
                Chunks[_flatLength >> ChunkShift].AsSpan(_flatLength & ChunkMask, end - _flatLength).CopyTo(_flat.AsSpan(_flatLength));
                _flatLength = end;
            }

            return new(_flat, 0, length);
        }

        // The chunk the next character goes into, with room for at least one character (the first chunk grown, by
        // doubling, to fit up to `wanted` more characters when it can).
        private char[] Room(int wanted)
        {
            var index = Length >> ChunkShift;
            if (index == 0)
            {
                var first = Chunks[0];
                if (first.Length < ChunkSize && Length + wanted > first.Length)
                {
                    // Not zeroed: every character up to Length is written before it is read.
                    var grown = GC.AllocateUninitializedArray<char>(Math.Min(ChunkSize, Math.Max(Math.Max(first.Length * 2, 8), Length + wanted)));
                    first.AsSpan(0, Length).CopyTo(grown);
                    Chunks[0] = first = grown;
                }

                return first;
            }

            if (index == ChunkCount)
            {
                if (ChunkCount == Chunks.Length)
                {
                    Array.Resize(ref Chunks, ChunkCount * 2);
                }

                Chunks[ChunkCount++] = GC.AllocateUninitializedArray<char>(ChunkSize);
            }

            return Chunks[index];
        }
    }
}
