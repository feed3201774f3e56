using System.Runtime.CompilerServices;

namespace StructuredChat.Streaming;

/// <summary>
/// Bytes appended in pieces, kept in segments that never move: growing writes only the new bytes (nothing already
/// stored is copied again), and no segment is large enough for the large-object heap, so storing a long answer is linear
/// and makes no gen2 collection. A mutable struct held in a field of its owner; never copy it to write to (a copy only
/// read, as <see cref="RawAnswerText"/> keeps, is a snapshot: the bytes below its length never change).
/// </summary>
internal struct Utf8Segments
{
    // Below the large-object heap's 85,000 bytes; large enough that a megabyte is 64 segments.
    internal const int MaxSegmentSize = 16 * 1024;

    // Up to this size the first segment is grown by copying rather than followed by another.
    private const int SmallLimit = 1024;

    private byte[] _current;
    private int _used;
    private Segment[]? _earlier;
    private int _earlierCount;
    private int _earlierLength;

    /// <summary>The number of bytes stored.</summary>
    public readonly int Length => _earlierLength + _used;

    /// <summary>The number of segments; the last one is the one still being written.</summary>
    public readonly int SegmentCount => _earlierCount + 1;

    /// <summary>The bytes of segment <paramref name="index"/>; a segment before the last never changes again.</summary>
    public readonly ReadOnlySpan<byte> SegmentAt(int index) => index < _earlierCount
        ? _earlier![index].Bytes
        : new ReadOnlySpan<byte>(_current, 0, _used);

    /// <summary>
    /// Stores <paramref name="bytes"/> after what is there. With <paramref name="wholeCharacters"/> a segment boundary
    /// never falls inside a UTF-8 character (the input has whole characters), so each segment decodes on its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<byte> bytes, bool wholeCharacters)
    {
        // The common case, a small piece that fits, stays inlined at the caller.
        var current = _current;
        if (current is not null && (uint)bytes.Length <= (uint)(current.Length - _used))
        {
            CopyShort(bytes, new Span<byte>(current, _used, bytes.Length));
            _used += bytes.Length;
            return;
        }

        AppendToNewSegments(bytes, wholeCharacters);
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> (the same length): a token's few bytes as one
    /// or two overlapping word moves, inline, where a call to the general copy costs more than the copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CopyShort(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var length = (nuint)(uint)source.Length;
        if (length is >= 4 and <= 8)
        {
            ref var from = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(source);
            ref var to = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination);
            var head = Unsafe.ReadUnaligned<uint>(ref from);
            var tail = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref from, length - 4));
            Unsafe.WriteUnaligned(ref to, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, length - 4), tail);
            return;
        }

        source.CopyTo(destination);
    }

    /// <summary>Copies everything stored into <paramref name="destination"/>, which holds at least <see cref="Length"/> bytes.</summary>
    public readonly void CopyTo(Span<byte> destination)
    {
        for (var i = 0; i < SegmentCount; i++)
        {
            var segment = SegmentAt(i);
            segment.CopyTo(destination);
            destination = destination[segment.Length..];
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AppendToNewSegments(ReadOnlySpan<byte> bytes, bool wholeCharacters)
    {
        if (_current is null)
        {
            // A first piece of 16 bytes or more is likely the whole value (or a large chunk): it takes an exact array. A
            // smaller one is likely a token of a value still streaming: room for a few more spares a copy per value.
            _current = new byte[bytes.Length >= 16 ? Math.Min(bytes.Length, MaxSegmentSize) : 32];
        }

        if (_earlierCount == 0 && _current.Length < SmallLimit)
        {
            // A short value grows in one array, as a list would: copying a few hundred bytes costs less than a segment
            // table for every short string.
            var size = Math.Min(Math.Max(_current.Length * 2, _used + bytes.Length), SmallLimit);
            Array.Resize(ref _current, Math.Max(size, _current.Length));
        }

        while (true)
        {
            var free = _current.Length - _used;
            if (bytes.Length <= free)
            {
                bytes.CopyTo(_current.AsSpan(_used));
                _used += bytes.Length;
                return;
            }

            // Fill the current segment first, so that a segment wastes at most the bytes of one split character.
            var cut = free;
            if (wholeCharacters)
            {
                while (cut > 0 && (bytes[cut] & 0xC0) == 0x80)
                {
                    cut--;
                }
            }

            bytes[..cut].CopyTo(_current.AsSpan(_used));
            _used += cut;
            bytes = bytes[cut..];
            Seal();

            // Each new segment doubles what is stored, up to the maximum: few segments for short values, none huge.
            _current = new byte[Math.Clamp(Math.Max(Length, bytes.Length), 16, MaxSegmentSize)];
        }
    }

    private void Seal()
    {
        if (_used == 0)
        {
            return;
        }

        _earlier ??= new Segment[4];
        if (_earlierCount == _earlier.Length)
        {
            Array.Resize(ref _earlier, _earlierCount * 2);
        }

        _earlier[_earlierCount++] = new Segment(_current, _used);
        _earlierLength += _used;
        _used = 0;
    }

    private readonly record struct Segment(byte[] Array, int Length)
    {
        public ReadOnlySpan<byte> Bytes => new(Array, 0, Length);
    }
}

/// <summary>
/// The raw answer as it stood at one length, made into a string once, when first asked for: a typed response keeps this
/// (the UTF-8 it was read from, about half the size of the string) rather than a string nobody may read.
/// </summary>
internal sealed class RawAnswerText
{
    // A copy of the reader's segments: the bytes below its length never change, whatever the reader stores later.
    private readonly Utf8Segments _bytes;
    private string? _text;

    public RawAnswerText(in Utf8Segments bytes) => _bytes = bytes;

    /// <summary>The number of bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>The text (decoded once; a character split between segments is joined first).</summary>
    public string Text => _text ??= Decode();

    private string Decode()
    {
        if (_bytes.SegmentCount == 1)
        {
            return System.Text.Encoding.UTF8.GetString(_bytes.SegmentAt(0));
        }

        var joined = System.Buffers.ArrayPool<byte>.Shared.Rent(_bytes.Length);
        try
        {
            _bytes.CopyTo(joined);
            return System.Text.Encoding.UTF8.GetString(joined, 0, _bytes.Length);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(joined);
        }
    }
}
