using System.Diagnostics.CodeAnalysis;

namespace StructuredChat.Streaming;

/// <summary>
/// The text of a string value as it has arrived so far: a view that costs nothing to take, so reading
/// <c>partial.Name</c> after every update stays linear in the answer's length. Use <see cref="Length"/>, the indexer,
/// <see cref="AsSpan"/>, <see cref="GetChunks"/> or <see cref="CopyTo"/> to look at it without making a string;
/// <see cref="ToString()"/> (and the implicit conversion to <see cref="string"/>) makes the string, once per change of
/// the text.
/// </summary>
/// <remarks>
/// <para>
/// A <see cref="PartialText"/> is a snapshot: it keeps the length it had when it was read, and later characters do not
/// change it (read the property again to see them). It formats without allocating in interpolated strings
/// (<c>$"{partial.Name}"</c>) and compares with <see cref="string"/> by ordinal value.
/// </para>
/// <para>
/// The characters are kept in chunks of 16,384, so a long text read as it grows never needs one large array.
/// <see cref="AsSpan"/> of a text longer than one chunk keeps a contiguous copy for the spans it hands out (it grows by
/// doubling and copies only what is new, so it stays linear, but it is a second copy of the text); the indexer,
/// <see cref="GetChunks"/>, <see cref="CopyTo"/>, formatting and comparison work on the chunks.
/// </para>
/// </remarks>
public readonly struct PartialText : IEquatable<PartialText>, IEquatable<string>, ISpanFormattable
{
    private readonly PartialString? _source;
    private readonly int _length;
    private readonly bool _isComplete;

    internal PartialText(PartialString source)
    {
        _source = source.HandOut();
        _length = source.Decode();
        _isComplete = source.IsComplete;
    }

    /// <summary>How many UTF-16 characters have arrived.</summary>
    public int Length => _length;

    /// <summary>Whether the closing quote had arrived when this text was read: it will not grow any more.</summary>
    public bool IsComplete => _isComplete;

    /// <summary>Whether no character has arrived.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The character at <paramref name="index"/>.</summary>
    /// <param name="index">From 0 to <see cref="Length"/> - 1.</param>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside the text.</exception>
    public char this[int index] => (uint)index < (uint)_length ? _source![index] : throw new IndexOutOfRangeException();

    /// <summary>
    /// The characters as one span, valid for as long as the reader is. A text of up to 16,384 characters is a view of the
    /// reader's own buffer; a longer one is a contiguous copy kept for spans, extended by what is new at each call.
    /// </summary>
    public ReadOnlySpan<char> AsSpan() => _source is null ? default : _source.Contiguous(_length);

    /// <summary>The characters in order as read-only pieces (one for a text of up to 16,384 characters), without copying.</summary>
    /// <returns>An enumerable of the pieces, for <c>foreach</c>.</returns>
    public ChunkEnumerator GetChunks() => new(_source, _length);

    /// <summary>Copies the characters to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Length"/> characters long.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the text.</exception>
    public void CopyTo(Span<char> destination)
    {
        if (!TryCopyTo(destination))
        {
            throw new ArgumentException($"The destination holds {destination.Length} characters; the text has {_length}.", nameof(destination));
        }
    }

    /// <summary>Copies the characters to <paramref name="destination"/> when they fit.</summary>
    /// <param name="destination">Where the characters go.</param>
    /// <returns>Whether <paramref name="destination"/> was long enough (nothing is written when it was not).</returns>
    public bool TryCopyTo(Span<char> destination)
    {
        if (destination.Length < _length)
        {
            return false;
        }

        _source?.CopyTo(_length, destination);
        return true;
    }

    /// <summary>The text as a string, made once per change of the text (reading it again returns the same instance).</summary>
    public override string ToString() => _source?.ToString(_length) ?? string.Empty;

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var fits = TryCopyTo(destination);
        charsWritten = fits ? _length : 0;
        return fits;
    }

    /// <summary>Whether both hold the same characters (ordinal).</summary>
    public bool Equals(PartialText other)
    {
        if (other._length != _length)
        {
            return false;
        }

        // Both are chunked at the same boundaries.
        var mine = GetChunks().GetEnumerator();
        var theirs = other.GetChunks().GetEnumerator();
        while (mine.MoveNext() && theirs.MoveNext())
        {
            if (!mine.Current.Span.SequenceEqual(theirs.Current.Span))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether this text has the same characters as <paramref name="other"/> (ordinal); false for null.</summary>
    public bool Equals(string? other)
    {
        if (other is null || other.Length != _length)
        {
            return false;
        }

        var start = 0;
        foreach (var chunk in GetChunks())
        {
            if (!chunk.Span.SequenceEqual(other.AsSpan(start, chunk.Length)))
            {
                return false;
            }

            start += chunk.Length;
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj switch
    {
        PartialText text => Equals(text),
        string text => Equals(text),
        _ => false,
    };

    /// <summary>The ordinal hash of the characters, equal to <see cref="string.GetHashCode()"/> of the same text.</summary>
    public override int GetHashCode() => string.GetHashCode(AsSpan());

    /// <summary>The text as a string (see <see cref="ToString()"/>).</summary>
    /// <param name="text">The text.</param>
    public static implicit operator string(PartialText text) => text.ToString();

    /// <summary>The text as a string, or null when the value has not started (or is JSON null).</summary>
    /// <param name="text">The text, or null.</param>
    [return: NotNullIfNotNull(nameof(text))]
    public static implicit operator string?(PartialText? text) => text?.ToString();

    /// <summary>Whether the text has the same characters as <paramref name="right"/> (ordinal).</summary>
    /// <param name="left">The text.</param>
    /// <param name="right">A string, or null (never equal).</param>
    public static bool operator ==(PartialText left, string? right) => left.Equals(right);

    /// <summary>Whether the text differs from <paramref name="right"/> (ordinal).</summary>
    /// <param name="left">The text.</param>
    /// <param name="right">A string, or null (always different).</param>
    public static bool operator !=(PartialText left, string? right) => !left.Equals(right);

    /// <summary>Whether both are null, or the text has the same characters as <paramref name="right"/> (ordinal).</summary>
    /// <param name="left">The text, or null when the value has not started.</param>
    /// <param name="right">A string, or null.</param>
    public static bool operator ==(PartialText? left, string? right) => left is { } text ? text.Equals(right) : right is null;

    /// <summary>Whether exactly one is null, or the characters differ (ordinal).</summary>
    /// <param name="left">The text, or null when the value has not started.</param>
    /// <param name="right">A string, or null.</param>
    public static bool operator !=(PartialText? left, string? right) => !(left == right);

    /// <summary>The pieces of a <see cref="PartialText"/> in order (see <see cref="GetChunks"/>).</summary>
    public struct ChunkEnumerator
    {
        private readonly PartialString? _source;
        private readonly int _length;
        private int _next;

        internal ChunkEnumerator(PartialString? source, int length)
        {
            _source = source;
            _length = length;
        }

        /// <summary>The current piece.</summary>
        public ReadOnlyMemory<char> Current { get; private set; }

        /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
        /// <returns>This enumerator, at its start.</returns>
        public readonly ChunkEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next piece.</summary>
        /// <returns>Whether there was one.</returns>
        public bool MoveNext()
        {
            if (_next >= _length)
            {
                return false;
            }

            var count = Math.Min(PartialString.ChunkSize, _length - _next);
            Current = _source!.ChunkAt(_next, count);
            _next += count;
            return true;
        }
    }
}
