using System.Diagnostics.CodeAnalysis;

namespace StructuredChat.Streaming;

/// <summary>
/// The text of a string value as it has arrived so far: a view that costs nothing to take, so reading
/// <c>partial.Name</c> after every update stays linear in the answer's length. Use <see cref="AsSpan"/> or
/// <see cref="Length"/> to look at it without allocating; <see cref="ToString()"/> (and the implicit conversion to
/// <see cref="string"/>) makes the string, once per change of the text.
/// </summary>
/// <remarks>
/// A <see cref="PartialText"/> is a snapshot: it keeps the length it had when it was read, and later characters do not
/// change it (read the property again to see them). It formats without allocating in interpolated strings
/// (<c>$"{partial.Name}"</c>) and compares with <see cref="string"/> by ordinal value.
/// </remarks>
public readonly struct PartialText : IEquatable<PartialText>, IEquatable<string>, ISpanFormattable
{
    private readonly PartialString? _source;
    private readonly int _length;
    private readonly bool _isComplete;

    internal PartialText(PartialString source)
    {
        _source = source;
        _length = source.Decode();
        _isComplete = source.IsComplete;
    }

    /// <summary>How many UTF-16 characters have arrived.</summary>
    public int Length => _length;

    /// <summary>Whether the closing quote had arrived when this text was read: it will not grow any more.</summary>
    public bool IsComplete => _isComplete;

    /// <summary>Whether no character has arrived.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The characters, without allocating; valid for as long as the reader is.</summary>
    public ReadOnlySpan<char> AsSpan() => _source is null ? default : _source.Chars[.._length];

    /// <summary>The text as a string, made once per change of the text (reading it again returns the same instance).</summary>
    public override string ToString() => _source?.ToString(_length) ?? string.Empty;

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (AsSpan().TryCopyTo(destination))
        {
            charsWritten = _length;
            return true;
        }

        charsWritten = 0;
        return false;
    }

    /// <summary>Whether both hold the same characters (ordinal).</summary>
    public bool Equals(PartialText other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <summary>Whether this text has the same characters as <paramref name="other"/> (ordinal); false for null.</summary>
    public bool Equals(string? other) => other is not null && AsSpan().SequenceEqual(other);

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
}
