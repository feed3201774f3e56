namespace StructuredChat.Streaming;

/// <summary>
/// Receives the tokens of a <c>JsonStreamTokenizer</c> as they become available.
/// </summary>
/// <remarks>
/// Strings arrive in pieces (<see cref="OnStringStart"/>, any number of <see cref="OnStringChunk"/>,
/// <see cref="OnStringEnd"/>) so that a long value can be shown while it grows; each piece is unescaped UTF-8
/// that never ends inside a multi-byte character. Property names, numbers and literals arrive only once complete.
/// The spans are only valid during the call.
/// </remarks>
internal interface IJsonTokenSink
{
    /// <summary>A <c>{</c> was read.</summary>
    void OnStartObject();

    /// <summary>A <c>}</c> was read.</summary>
    void OnEndObject();

    /// <summary>A <c>[</c> was read.</summary>
    void OnStartArray();

    /// <summary>A <c>]</c> was read.</summary>
    void OnEndArray();

    /// <summary>A complete property name (unescaped UTF-8), followed by its <c>:</c>.</summary>
    void OnPropertyName(ReadOnlySpan<byte> utf8Name);

    /// <summary>The opening quote of a string value.</summary>
    void OnStringStart();

    /// <summary>More characters of the current string value: unescaped UTF-8, whole characters only.</summary>
    void OnStringChunk(ReadOnlySpan<byte> utf8);

    /// <summary>The closing quote of the current string value.</summary>
    void OnStringEnd();

    /// <summary>A complete number, exactly as written (RFC 8259 grammar already checked).</summary>
    void OnNumber(ReadOnlySpan<byte> utf8Number);

    /// <summary>A complete <c>true</c>, <c>false</c> or <c>null</c>.</summary>
    void OnLiteral(JsonLiteral literal);
}

/// <summary>The three JSON literals.</summary>
internal enum JsonLiteral
{
    /// <summary><c>null</c></summary>
    Null = 0,

    /// <summary><c>true</c></summary>
    True = 1,

    /// <summary><c>false</c></summary>
    False = 2,
}
