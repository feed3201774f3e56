using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace StructuredChat.Streaming;

internal sealed partial class JsonStreamTokenizer
{
    private const int ReplacementCharacter = 0xFFFD;

    // The bytes that end a run of plain string text: the closing quote, an escape, or a control character.
    private static readonly SearchValues<byte> s_stringTextStops = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"\\"u8);

    // The bytes that may end a string or make it malformed wherever they are: the quote and the control characters.
    private static readonly SearchValues<byte> s_stringEnds = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\""u8);

    // ASCII that stands for itself in a string: anything else is a stop byte or the start of a multi-byte character.
    private static readonly SearchValues<byte> s_plainAsciiText = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~\u007F"u8);

    /// <summary>
    /// Whether the tokenizer stands anywhere inside a string value (its text, an escape, a character split between
    /// appends), with nothing held back, so that text without a quote or a control byte (see
    /// <see cref="IsStringTextWithoutEnd"/>) cannot end it and may be read with <see cref="AppendStringText"/>.
    /// </summary>
    public bool CanTakeStringText => InString && !_inPropertyName && _scratchLength == 0 && _failure is null
        && !_reading && _maxBytes is null && _pendingHighSurrogateChar == 0;

    /// <summary>
    /// When <see cref="CanTakeStringText"/> holds: whether the tokenizer stands in the value's plain text, where an
    /// append of plain ASCII text (see <see cref="IsPlainAsciiText"/>) only continues the value: the commonest append
    /// while an answer streams, about one token of text. The caller, which knows which value that is, takes such appends
    /// itself with <see cref="SkipPlainText"/>; nothing it skips can change the answer.
    /// </summary>
    public bool IsInPlainStringText => _state == State.String;

    /// <summary>Counts <paramref name="count"/> bytes of plain string text taken by the caller (see <see cref="IsInPlainStringText"/>).</summary>
    public void SkipPlainText(int count) => _consumed += count;

    /// <summary>
    /// Reads text of a string value that holds no quote and no control byte, when <see cref="CanTakeStringText"/> holds:
    /// as <see cref="Append(ReadOnlySpan{byte}, IJsonTokenSink)"/>, without the checks that this state makes needless.
    /// The sink only receives <see cref="IJsonTokenSink.OnStringChunk"/>.
    /// </summary>
    public void AppendStringText(ReadOnlySpan<byte> utf8, IJsonTokenSink sink)
    {
        _reading = true;
        Read(utf8, sink);
        _reading = false;
        _consumed += utf8.Length;
    }

    /// <summary>Whether <paramref name="utf8"/> is not empty and holds no quote and no control byte (so it cannot end a string).</summary>
    public static bool IsStringTextWithoutEnd(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 16)
        {
            return utf8.IndexOfAny(s_stringEnds) < 0;
        }

        ref byte start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(utf8);
        int i = 0;
        for (; i + 8 <= utf8.Length; i += 8)
        {
            if (HasQuoteOrControl(System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ulong>(ref System.Runtime.CompilerServices.Unsafe.Add(ref start, i))))
            {
                return false;
            }
        }

        for (; i < utf8.Length; i++)
        {
            if (utf8[i] is < 0x20 or (byte)'"')
            {
                return false;
            }
        }

        return !utf8.IsEmpty;
    }

    // Whether any byte of the word is < 0x20 or a quote (as HasStopOrNonAscii; bytes >= 0x80 are masked out of the
    // "below 0x20" test by ~word, so non-ASCII bytes raise no alarm).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool HasQuoteOrControl(ulong word)
    {
        const ulong Ones = 0x0101_0101_0101_0101UL;
        const ulong High = 0x8080_8080_8080_8080UL;
        ulong quote = word ^ (Ones * (byte)'"');
        ulong flags = ((word - (Ones * 0x20)) & ~word) | ((quote - Ones) & ~quote);
        return (flags & High) != 0;
    }

    /// <summary>Whether every byte is ASCII that stands for itself in a string (no quote, escape, control or non-ASCII byte).</summary>
    public static bool IsPlainAsciiText(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 16)
        {
            return utf8.IndexOfAnyExcept(s_plainAsciiText) < 0;
        }

        // A token's few bytes: eight or four at a time as one word (exact tests for "some byte is ...", with no false
        // alarm), cheaper than setting up the vectorized search or a branch per byte.
        ref byte start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(utf8);
        int i = 0;
        for (; i + 8 <= utf8.Length; i += 8)
        {
            if (HasStopOrNonAscii(System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ulong>(ref System.Runtime.CompilerServices.Unsafe.Add(ref start, i))))
            {
                return false;
            }
        }

        if (i + 4 <= utf8.Length)
        {
            // The upper half 0x20202020..: four spaces, plain text, so only the lower four bytes decide.
            if (HasStopOrNonAscii(0x2020_2020_0000_0000UL | System.Runtime.CompilerServices.Unsafe.ReadUnaligned<uint>(ref System.Runtime.CompilerServices.Unsafe.Add(ref start, i))))
            {
                return false;
            }

            i += 4;
        }

        // Written out, not shared with IndexOfNonPlainAscii through a helper: with the call this method is no longer
        // inlined into PartialJsonReader.Append, and the commonest append costs 5 ns more (measured A/B).
        for (; i < utf8.Length; i++)
        {
            if (utf8[i] is < 0x20 or >= 0x80 or (byte)'"' or (byte)'\\')
            {
                return false;
            }
        }

        return true;
    }

    // Whether any byte of the word is >= 0x80, < 0x20, a quote or a backslash (the classic bit tricks: for bytes below
    // 0x80, (x - n) & ~x & 0x80 flags some byte below n, exactly, and a byte equal to c is a zero byte of x ^ c).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool HasStopOrNonAscii(ulong word)
    {
        const ulong Ones = 0x0101_0101_0101_0101UL;
        const ulong High = 0x8080_8080_8080_8080UL;
        ulong quote = word ^ (Ones * (byte)'"');
        ulong backslash = word ^ (Ones * (byte)'\\');
        ulong flags = word
            | ((word - (Ones * 0x20)) & ~word)
            | ((quote - Ones) & ~quote)
            | ((backslash - Ones) & ~backslash);
        return (flags & High) != 0;
    }

    // The first byte that is not plain ASCII text, or -1.
    private static int IndexOfNonPlainAscii(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 16)
        {
            return utf8.IndexOfAnyExcept(s_plainAsciiText);
        }

        // A token's few bytes: a plain loop costs less than setting up the vectorized search.
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] is < 0x20 or >= 0x80 or (byte)'"' or (byte)'\\')
            {
                return i;
            }
        }

        return -1;
    }

    // Reads plain text up to the next stop byte, or all of it: validated in bulk, reported as a span of the input.
    private int ReadStringText(ReadOnlySpan<byte> input, int i, IJsonTokenSink sink)
    {
        // Mostly ASCII: one vectorized search finds the end of the run, and ASCII needs no UTF-8 check.
        int special = IndexOfNonPlainAscii(input[i..]);
        if (special < 0)
        {
            return ReadStringTextToEndOfInput(input, tail: 0, sink);
        }

        int at = i + special;
        if (input[at] >= 0x80)
        {
            int stop = input[at..].IndexOfAny(s_stringTextStops);
            if (stop < 0)
            {
                int tail = IncompleteUtf8TailLength(input[at..]);
                ValidateUtf8(input, at, input.Length - tail);
                return ReadStringTextToEndOfInput(input, tail, sink);
            }

            ValidateUtf8(input, at, at + stop);
            at += stop;
        }

        byte b = input[at];
        if (b == (byte)'"')
        {
            EndString(input[_runStart..at], sink);
            return at + 1;
        }

        if (b == (byte)'\\')
        {
            AppendToScratch(input[_runStart..at]);
            _state = State.StringEscape;
            return at + 1;
        }

        throw Fail(
            JsonStreamErrorReason.Malformed,
            _consumed + at,
            $"the control character U+{b:X4} must be escaped in a string");
    }

    // The input ends inside the string, possibly inside a multi-byte character of tail bytes (already checked).
    private int ReadStringTextToEndOfInput(ReadOnlySpan<byte> input, int tail, IJsonTokenSink sink)
    {
        int textEnd = input.Length - tail;
        if (_inPropertyName)
        {
            AppendToScratch(input[_runStart..textEnd]);
        }
        else
        {
            ReportStringText(input[_runStart..textEnd], sink);
        }

        if (tail > 0)
        {
            BeginPendingUtf8(input[textEnd..], textEnd);
        }

        _runStart = input.Length;
        return input.Length;
    }

    // Reports text of a string value, joined to what the scratch holds so that one call reports one chunk.
    private void ReportStringText(ReadOnlySpan<byte> text, IJsonTokenSink sink)
    {
        if (_scratchLength == 0)
        {
            if (!text.IsEmpty)
            {
                sink.OnStringChunk(text);
            }

            return;
        }

        AppendToScratch(text);
        sink.OnStringChunk(_scratch.AsSpan(0, _scratchLength));
        _scratchLength = 0;
    }

    private void EndString(ReadOnlySpan<byte> text, IJsonTokenSink sink)
    {
        if (!_inPropertyName)
        {
            ReportStringText(text, sink);
            sink.OnStringEnd();
            EndValue();
            return;
        }

        if (_scratchLength == 0)
        {
            sink.OnPropertyName(text);
        }
        else
        {
            AppendToScratch(text);
            sink.OnPropertyName(_scratch.AsSpan(0, _scratchLength));
            _scratchLength = 0;
        }

        _state = State.Colon;
    }

    private int ReadEscape(ReadOnlySpan<byte> input, int i)
    {
        byte b = input[i];
        byte unescaped;
        switch (b)
        {
            case (byte)'"':
            case (byte)'\\':
            case (byte)'/':
                unescaped = b;
                break;
            case (byte)'b':
                unescaped = (byte)'\b';
                break;
            case (byte)'f':
                unescaped = (byte)'\f';
                break;
            case (byte)'n':
                unescaped = (byte)'\n';
                break;
            case (byte)'r':
                unescaped = (byte)'\r';
                break;
            case (byte)'t':
                unescaped = (byte)'\t';
                break;
            case (byte)'u':
                // All four digits in this input (the usual case): read at once rather than a digit per state step. A bad
                // digit takes the step-by-step path, which says which one.
                if (input.Length - i > 4 && TryReadHex4(input.Slice(i + 1, 4), out int codeUnit))
                {
                    return EndUnicodeEscape(codeUnit, i + 4);
                }

                _hexDigits = 0;
                _hexValue = 0;
                _state = State.StringUnicodeEscape;
                return i + 1;
            default:
                throw Unexpected(i, b, "expected an escape character ('\"', '\\', '/', 'b', 'f', 'n', 'r', 't' or 'u') after '\\'");
        }

        AppendToScratch(new ReadOnlySpan<byte>(in unescaped));
        return ResumeStringText(i + 1);
    }

    // The digits of a \u escape split between appends: as many as this input holds, in one step.
    private int ReadUnicodeEscapeDigit(ReadOnlySpan<byte> input, int i)
    {
        do
        {
            byte b = input[i];
            int digit = HexDigitValue(b);
            if (digit < 0)
            {
                throw Unexpected(i, b, "expected a hexadecimal digit in a \\u escape");
            }

            _hexValue = (_hexValue << 4) | digit;
            if (++_hexDigits == 4)
            {
                return EndUnicodeEscape(_hexValue, i);
            }
        }
        while (++i < input.Length);

        return i;
    }

    private static bool TryReadHex4(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (byte b in digits)
        {
            int digit = HexDigitValue(b);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    // The \u escape whose last digit is at input[i] is complete.
    private int EndUnicodeEscape(int codeUnit, int i)
    {
        if (_highSurrogate != 0)
        {
            if (char.IsLowSurrogate((char)codeUnit))
            {
                AppendCodePoint(char.ConvertToUtf32((char)_highSurrogate, (char)codeUnit));
                _highSurrogate = 0;
                return ResumeStringText(i + 1);
            }

            AppendCodePoint(ReplacementCharacter);
            _highSurrogate = 0;
        }

        if (char.IsHighSurrogate((char)codeUnit))
        {
            // Its low half may follow as a second escape.
            _highSurrogate = codeUnit;
            _state = State.StringLowSurrogateBackslash;
            return i + 1;
        }

        AppendCodePoint(char.IsLowSurrogate((char)codeUnit) ? ReplacementCharacter : codeUnit);
        return ResumeStringText(i + 1);
    }

    // After "\uD8xx": a second "\u" may carry the low surrogate; anything else leaves the high one lone (U+FFFD).
    private int ReadLowSurrogateEscapeStart(ReadOnlySpan<byte> input, int i)
    {
        byte b = input[i];
        if (_state == State.StringLowSurrogateBackslash)
        {
            if (b == (byte)'\\')
            {
                _state = State.StringLowSurrogateU;
                return i + 1;
            }

            AppendCodePoint(ReplacementCharacter);
            _highSurrogate = 0;
            return ResumeStringText(i);
        }

        if (b == (byte)'u')
        {
            if (input.Length - i > 4 && TryReadHex4(input.Slice(i + 1, 4), out int codeUnit))
            {
                return EndUnicodeEscape(codeUnit, i + 4);
            }

            _hexDigits = 0;
            _hexValue = 0;
            _state = State.StringUnicodeEscape;
            return i + 1;
        }

        // "\uD800\n": the backslash already read starts another kind of escape.
        AppendCodePoint(ReplacementCharacter);
        _highSurrogate = 0;
        _state = State.StringEscape;
        return i;
    }

    private int ResumeStringText(int i)
    {
        _state = State.String;
        _runStart = i;
        return i;
    }

    private void AppendCodePoint(int codePoint)
    {
        if (_scratch.Length - _scratchLength < 4)
        {
            GrowScratch(4);
        }

        _scratchLength += new Rune(codePoint).EncodeToUtf8(_scratch.AsSpan(_scratchLength));
    }

    private static int HexDigitValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    // The length of a multi-byte character cut off by the end of the input (0 if none); it is checked later.
    private static int IncompleteUtf8TailLength(ReadOnlySpan<byte> text)
    {
        for (int back = 1; back <= 3 && back <= text.Length; back++)
        {
            byte b = text[^back];
            if (b < 0x80)
            {
                return 0;
            }

            if (b >= 0xC0)
            {
                return Utf8SequenceLength(b) > back ? back : 0;
            }
        }

        return 0;
    }

    private static int Utf8SequenceLength(byte lead) => lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;

    // Well-formed UTF-8 (Unicode table 3-7): no overlong forms, no surrogates, nothing above U+10FFFF.
    private static bool IsValidUtf8Byte(byte lead, int index, byte b)
    {
        if (index == 0)
        {
            return b is >= 0xC2 and <= 0xF4;
        }

        if (index == 1)
        {
            return lead switch
            {
                0xE0 => b is >= 0xA0 and <= 0xBF,
                0xED => b is >= 0x80 and <= 0x9F,
                0xF0 => b is >= 0x90 and <= 0xBF,
                0xF4 => b is >= 0x80 and <= 0x8F,
                _ => b is >= 0x80 and <= 0xBF,
            };
        }

        return b is >= 0x80 and <= 0xBF;
    }

    private void BeginPendingUtf8(ReadOnlySpan<byte> start, int i)
    {
        _utf8PendingCount = 0;
        _utf8PendingLength = Utf8SequenceLength(start[0]);
        foreach (byte b in start)
        {
            AddPendingUtf8Byte(b, i++);
        }

        _state = State.StringUtf8;
    }

    private int ReadUtf8Continuation(ReadOnlySpan<byte> input, int i)
    {
        AddPendingUtf8Byte(input[i], i);
        if (_utf8PendingCount < _utf8PendingLength)
        {
            return i + 1;
        }

        AppendToScratch(_utf8Pending.AsSpan(0, _utf8PendingLength));
        _utf8PendingCount = 0;
        return ResumeStringText(i + 1);
    }

    private void AddPendingUtf8Byte(byte b, int i)
    {
        byte lead = _utf8PendingCount == 0 ? b : _utf8Pending[0];
        if (!IsValidUtf8Byte(lead, _utf8PendingCount, b))
        {
            throw InvalidUtf8(_consumed + i, b);
        }

        _utf8Pending[_utf8PendingCount++] = b;
    }

    // Checks input[start..end]; a character cut off at end is invalid, because the byte at end cannot continue it.
    private void ValidateUtf8(ReadOnlySpan<byte> input, int start, int end)
    {
        if (Utf8.IsValid(input[start..end]))
        {
            return;
        }

        // Error path only. Blame the first byte that cannot belong to a valid character, as the byte-by-byte path
        // for a character split across calls does, so that the position does not depend on the chunking.
        int offset = start;
        OperationStatus status;
        int length;
        while ((status = Rune.DecodeFromUtf8(input[offset..end], out _, out length)) == OperationStatus.Done)
        {
            offset += length;
        }

        if (status == OperationStatus.NeedMoreData || IsValidUtf8Byte(input[offset], 0, input[offset]))
        {
            offset += length;
        }

        throw InvalidUtf8(_consumed + offset, input[offset]);
    }

    private JsonStreamException InvalidUtf8(long position, byte b) =>
        Fail(JsonStreamErrorReason.Malformed, position, $"invalid UTF-8 in a string (byte 0x{b:X2})");
}
