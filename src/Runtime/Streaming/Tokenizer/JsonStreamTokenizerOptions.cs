namespace StructuredChat.Streaming;

/// <summary>Limits and strictness of a <see cref="JsonStreamTokenizer"/>.</summary>
internal sealed class JsonStreamTokenizerOptions
{
    /// <summary>
    /// The deepest nesting of arrays and objects accepted (default 64, as System.Text.Json);
    /// deeper input fails with <see cref="JsonStreamErrorReason.DepthExceeded"/>, never with a stack overflow.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public int MaxDepth
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = 64;

    /// <summary>
    /// The most bytes of input accepted, or <see langword="null"/> for no limit; longer input fails with
    /// <see cref="JsonStreamErrorReason.SizeExceeded"/>. Content ignored because of
    /// <see cref="IgnoreTrailingContent"/> does not count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public long? MaxBytes
    {
        get;
        init
        {
            if (value is long limit)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(limit);
            }

            field = value;
        }
    }

    /// <summary>
    /// <see langword="false"/> (the default, strict RFC 8259): anything but whitespace after the root value is an
    /// error. <see langword="true"/>: everything after the root value is ignored without being inspected.
    /// </summary>
    public bool IgnoreTrailingContent { get; init; }
}
