namespace StructuredChat.Streaming;

/// <summary>Why a <see cref="JsonStreamTokenizer"/> rejected its input.</summary>
internal enum JsonStreamErrorReason
{
    /// <summary>The input is not RFC 8259 JSON (or not valid UTF-8).</summary>
    Malformed = 0,

    /// <summary>The input ended before the root value was complete.</summary>
    Truncated = 1,

    /// <summary>Arrays and objects are nested deeper than <see cref="JsonStreamTokenizerOptions.MaxDepth"/>.</summary>
    DepthExceeded = 2,

    /// <summary>The input is longer than <see cref="JsonStreamTokenizerOptions.MaxBytes"/>.</summary>
    SizeExceeded = 3,
}

/// <summary>The input of a <see cref="JsonStreamTokenizer"/> is malformed, truncated or over a limit.</summary>
/// <remarks>
/// The message names the byte offset and what was expected there, for example
/// <c>Invalid JSON at byte 17: expected ',' or '}' after a property value, found 'x'.</c>
/// </remarks>
internal sealed class JsonStreamException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, and where.</param>
    /// <param name="bytePosition">The zero-based UTF-8 byte offset of the offending input.</param>
    /// <param name="reason">The kind of problem.</param>
    public JsonStreamException(string message, long bytePosition, JsonStreamErrorReason reason)
        : base(message)
    {
        BytePosition = bytePosition;
        Reason = reason;
    }

    /// <summary>
    /// The zero-based offset, in UTF-8 bytes from the start of the document, of the byte that was rejected
    /// (for <see cref="JsonStreamErrorReason.Truncated"/>, the length of the input).
    /// For character input this counts the bytes of its UTF-8 encoding.
    /// </summary>
    public long BytePosition { get; }

    /// <summary>The kind of problem.</summary>
    public JsonStreamErrorReason Reason { get; }
}
