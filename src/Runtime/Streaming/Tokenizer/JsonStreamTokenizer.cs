using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace StructuredChat.Streaming;

/// <summary>
/// A resumable, RFC 8259 strict UTF-8 JSON tokenizer: it takes a document in chunks split anywhere, keeps its state
/// between chunks, never reads a byte twice and reports tokens to an <see cref="IJsonTokenSink"/> as soon as they are
/// known.
/// </summary>
/// <remarks>
/// <para>
/// String values are reported while they grow: each <see cref="Append(ReadOnlySpan{byte}, IJsonTokenSink)"/> call
/// reports the unescaped characters of the current string that it completed, as one chunk that never ends inside a
/// multi-byte character. Property names, numbers and <c>true</c>/<c>false</c>/<c>null</c> are held until complete;
/// a number is complete when the byte after it arrives (or at <see cref="Complete"/> for a top-level number).
/// A lone surrogate escape such as <c>\uD800</c> is valid JSON and is reported as U+FFFD. A UTF-8 byte order mark at
/// the very start is skipped.
/// </para>
/// <para>
/// After an error every further call throws the same error until <see cref="Reset"/>. If the sink throws, the
/// tokenizer must be reset before it is used again. An instance is not thread-safe.
/// </para>
/// </remarks>
internal sealed partial class JsonStreamTokenizer
{
    private const int InitialScratchSize = 256;
    private const int TranscodeBufferSize = 4096;

    // A buffer grown by one huge escaped string or property name is not kept for the next document.
    private const int MaxRetainedScratchSize = 64 * 1024;

    private readonly int _maxDepth;
    private readonly long? _maxBytes;
    private readonly bool _ignoreTrailingContent;

    // One bit per open container, 1 = object; grows on demand up to MaxDepth.
    private ulong[] _containerIsObject = new ulong[1];

    // Holds whatever must outlive one Append: a property name, number or escaped string text being assembled.
    private byte[] _scratch = new byte[InitialScratchSize];
    private int _scratchLength;

    // The part of a multi-byte UTF-8 character seen so far inside a string (at most 3 of its bytes).
    private readonly byte[] _utf8Pending = new byte[4];
    private int _utf8PendingCount;
    private int _utf8PendingLength;

    private byte[]? _transcodeBuffer;
    private char _pendingHighSurrogateChar;

    private State _state;
    private int _depth;
    private long _consumed;
    private bool _inPropertyName;
    private NumberPart _numberPart;
    private JsonLiteral _literal;
    private int _literalIndex;
    private int _hexDigits;
    private int _hexValue;
    private int _highSurrogate;

    // Start, in the current input span, of the string or number bytes not yet reported or copied to the scratch.
    private int _runStart;

    private JsonStreamException? _failure;
    private bool _reading;

    /// <summary>Creates a tokenizer at the start of a document.</summary>
    /// <param name="options">Limits and strictness; <see langword="null"/> for the defaults.</param>
    public JsonStreamTokenizer(JsonStreamTokenizerOptions? options = null)
    {
        options ??= new JsonStreamTokenizerOptions();
        _maxDepth = options.MaxDepth;
        _maxBytes = options.MaxBytes;
        _ignoreTrailingContent = options.IgnoreTrailingContent;
    }

    private enum State : byte
    {
        // Between tokens.
        RootValue,
        ByteOrderMark2,
        ByteOrderMark3,
        Value,
        ValueOrArrayEnd,
        PropertyNameOrObjectEnd,
        PropertyName,
        Colon,
        CommaOrEnd,
        Done,

        // Inside a token; everything from String on is a string state.
        Literal,
        Number,
        String,
        StringEscape,
        StringUnicodeEscape,
        StringLowSurrogateBackslash,
        StringLowSurrogateU,
        StringUtf8,
    }

    /// <summary>Whether the single root value has been read completely.</summary>
    public bool IsRootComplete => _state == State.Done;

    /// <summary>
    /// The number of input bytes read so far (for character input, of its UTF-8 encoding). Bytes after the root
    /// value that <see cref="JsonStreamTokenizerOptions.IgnoreTrailingContent"/> skips are not read, so there this
    /// is where the root value ended.
    /// </summary>
    public long BytesConsumed => _consumed;

    /// <summary>The number of arrays and objects currently open.</summary>
    public int Depth => _depth;

    private bool InString => _state >= State.String;

    /// <summary>Reads the next piece of a UTF-8 document, which may be split anywhere, even inside a character.</summary>
    /// <param name="utf8">The next bytes of the document.</param>
    /// <param name="sink">Receives the tokens completed by these bytes.</param>
    /// <exception cref="JsonStreamException">The input is malformed or over a limit.</exception>
    /// <exception cref="InvalidOperationException">
    /// A sink callback threw (or called back into this tokenizer) during an earlier call, and there was no <see cref="Reset"/> since.
    /// </exception>
    public void Append(ReadOnlySpan<byte> utf8, IJsonTokenSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ThrowIfFailed();
        if (_pendingHighSurrogateChar != 0 && !utf8.IsEmpty)
        {
            throw UnpairedHighSurrogate();
        }

        AppendUtf8(utf8, sink);
    }

    /// <summary>
    /// Reads the next piece of a document given as UTF-16, which may be split anywhere, even between the two halves
    /// of a surrogate pair. It is read as its UTF-8 encoding; an unpaired surrogate is an error.
    /// </summary>
    /// <param name="utf16">The next characters of the document.</param>
    /// <param name="sink">Receives the tokens completed by these characters.</param>
    /// <exception cref="JsonStreamException">The input is malformed or over a limit.</exception>
    /// <exception cref="InvalidOperationException">
    /// A sink callback threw (or called back into this tokenizer) during an earlier call, and there was no <see cref="Reset"/> since.
    /// </exception>
    public void Append(ReadOnlySpan<char> utf16, IJsonTokenSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ThrowIfFailed();
        if (utf16.IsEmpty || IsIgnoringTrailingContent)
        {
            return;
        }

        if (_pendingHighSurrogateChar != 0)
        {
            char high = _pendingHighSurrogateChar;
            if (!char.IsLowSurrogate(utf16[0]))
            {
                throw UnpairedHighSurrogate();
            }

            _pendingHighSurrogateChar = '\0';
            Span<byte> encoded = stackalloc byte[4];
            int length = new Rune(high, utf16[0]).EncodeToUtf8(encoded);
            AppendUtf8(encoded[..length], sink);
            utf16 = utf16[1..];
        }

        byte[] buffer = _transcodeBuffer ??= new byte[TranscodeBufferSize];
        while (!utf16.IsEmpty)
        {
            OperationStatus status = Utf8.FromUtf16(
                utf16, buffer, out int read, out int written, replaceInvalidSequences: false, isFinalBlock: false);
            AppendUtf8(buffer.AsSpan(0, written), sink);
            if (IsIgnoringTrailingContent)
            {
                return;
            }

            utf16 = utf16[read..];
            if (status == OperationStatus.NeedMoreData)
            {
                // Only a high surrogate at the very end is left: its low half comes with the next call.
                _pendingHighSurrogateChar = utf16[0];
                return;
            }

            if (status == OperationStatus.InvalidData)
            {
                throw Fail(
                    JsonStreamErrorReason.Malformed,
                    _consumed,
                    $"the character input has an unpaired surrogate U+{(int)utf16[0]:X4}");
            }
        }
    }

    /// <summary>
    /// Declares the end of the input: reports a pending top-level number and checks that the root value is complete.
    /// </summary>
    /// <param name="sink">Receives a top-level number that only the end of the input completes.</param>
    /// <exception cref="JsonStreamException">
    /// The input is empty or ends inside the root value (<see cref="JsonStreamErrorReason.Truncated"/>), or the
    /// pending number is malformed.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// A sink callback threw (or called back into this tokenizer) during an earlier call, and there was no <see cref="Reset"/> since.
    /// </exception>
    public void Complete(IJsonTokenSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ThrowIfFailed();
        if (_state == State.Done)
        {
            return;
        }

        if (_pendingHighSurrogateChar != 0)
        {
            throw UnpairedHighSurrogate();
        }

        if (_state == State.Number && _depth == 0 && IsNumberComplete)
        {
            _reading = true;
            sink.OnNumber(_scratch.AsSpan(0, _scratchLength));
            _reading = false;
            _scratchLength = 0;
            _state = State.Done;
            return;
        }

        throw Fail(JsonStreamErrorReason.Truncated, _consumed, DescribeTruncation());
    }

    /// <summary>Forgets all input and any error, ready for a new document; keeps the buffers it has grown, unless huge.</summary>
    public void Reset()
    {
        if (_scratch.Length > MaxRetainedScratchSize)
        {
            _scratch = new byte[InitialScratchSize];
        }

        _state = State.RootValue;
        _depth = 0;
        _consumed = 0;
        _scratchLength = 0;
        _utf8PendingCount = 0;
        _highSurrogate = 0;
        _pendingHighSurrogateChar = '\0';
        _failure = null;
        _reading = false;
    }

    private bool IsIgnoringTrailingContent => _state == State.Done && _ignoreTrailingContent;

    private void AppendUtf8(ReadOnlySpan<byte> utf8, IJsonTokenSink sink)
    {
        if (IsIgnoringTrailingContent)
        {
            return;
        }

        ReadOnlySpan<byte> input = utf8;
        bool overLimit = false;
        if (_maxBytes is long maxBytes && utf8.Length > maxBytes - _consumed)
        {
            input = utf8[..(int)(maxBytes - _consumed)];
            overLimit = true;
        }

        // Still set at the next call if this one did not return: then a sink callback threw (or called back into
        // the tokenizer) and the state may be half-updated. Cheaper than a try/catch on every call.
        _reading = true;
        int read = Read(input, sink);
        _reading = false;
        _consumed += read;
        if (overLimit && !IsIgnoringTrailingContent)
        {
            throw Fail(
                JsonStreamErrorReason.SizeExceeded,
                _consumed,
                $"the input is longer than the limit of {_maxBytes} bytes");
        }
    }

    // Returns how many bytes were read: all of them, unless the root value ends and the rest is to be ignored.
    private int Read(ReadOnlySpan<byte> input, IJsonTokenSink sink)
    {
        int i = 0;
        _runStart = 0;
        while (i < input.Length)
        {
            switch (_state)
            {
                case State.String:
                    i = ReadStringText(input, i, sink);
                    break;
                case State.StringEscape:
                    i = ReadEscape(input, i);
                    break;
                case State.StringUnicodeEscape:
                    i = ReadUnicodeEscapeDigit(input, i);
                    break;
                case State.StringLowSurrogateBackslash:
                case State.StringLowSurrogateU:
                    i = ReadLowSurrogateEscapeStart(input, i);
                    break;
                case State.StringUtf8:
                    i = ReadUtf8Continuation(input, i);
                    break;
                case State.Number:
                    i = ReadNumber(input, i, sink);
                    break;
                case State.Literal:
                    i = ReadLiteral(input, i, sink);
                    break;
                case State.ByteOrderMark2:
                case State.ByteOrderMark3:
                    i = ReadByteOrderMark(input, i);
                    break;
                case State.Done when _ignoreTrailingContent:
                    return i;
                default:
                    i = ReadStructural(input, i, sink);
                    break;
            }
        }

        if (_state == State.Number)
        {
            AppendToScratch(input[_runStart..]);
        }
        else if (InString && !_inPropertyName && _scratchLength > 0)
        {
            // Escapes or a completed multi-byte character decoded in this call: report them now.
            sink.OnStringChunk(_scratch.AsSpan(0, _scratchLength));
            _scratchLength = 0;
        }

        return input.Length;
    }

    private int ReadStructural(ReadOnlySpan<byte> input, int i, IJsonTokenSink sink)
    {
        byte b = input[i];
        if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            return i + 1;
        }

        switch (_state)
        {
            case State.RootValue when b == 0xEF && _consumed + i == 0:
                _state = State.ByteOrderMark2;
                return i + 1;
            case State.RootValue:
            case State.Value:
                return StartValue(input, i, sink);
            case State.ValueOrArrayEnd:
                return b == (byte)']' ? EndContainer(i, isObject: false, sink) : StartValue(input, i, sink);
            case State.PropertyNameOrObjectEnd when b == (byte)'}':
                return EndContainer(i, isObject: true, sink);
            case State.PropertyNameOrObjectEnd:
            case State.PropertyName:
                if (b != (byte)'"')
                {
                    throw Unexpected(
                        i,
                        b,
                        _state == State.PropertyName ? "expected a property name after ','" : "expected a property name or '}'");
                }

                _inPropertyName = true;
                _state = State.String;
                _runStart = i + 1;
                return i + 1;
            case State.Colon:
                if (b != (byte)':')
                {
                    throw Unexpected(i, b, "expected ':' after a property name");
                }

                _state = State.Value;
                return i + 1;
            case State.CommaOrEnd:
                bool inObject = IsInObject;
                if (b == (byte)',')
                {
                    _state = inObject ? State.PropertyName : State.Value;
                    return i + 1;
                }

                if (b == (inObject ? (byte)'}' : (byte)']'))
                {
                    return EndContainer(i, inObject, sink);
                }

                throw Unexpected(
                    i,
                    b,
                    inObject ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array element");
            default:
                throw Unexpected(i, b, "expected the end of the input after the root value");
        }
    }

    private int StartValue(ReadOnlySpan<byte> input, int i, IJsonTokenSink sink)
    {
        byte b = input[i];
        switch (b)
        {
            case (byte)'{':
                Push(i, isObject: true);
                sink.OnStartObject();
                _state = State.PropertyNameOrObjectEnd;
                return i + 1;
            case (byte)'[':
                Push(i, isObject: false);
                sink.OnStartArray();
                _state = State.ValueOrArrayEnd;
                return i + 1;
            case (byte)'"':
                sink.OnStringStart();
                _inPropertyName = false;
                _state = State.String;
                _runStart = i + 1;
                return i + 1;
            case (byte)'-':
                return StartNumber(i, NumberPart.Minus);
            case (byte)'0':
                return StartNumber(i, NumberPart.Zero);
            case >= (byte)'1' and <= (byte)'9':
                return StartNumber(i, NumberPart.Integer);
            case (byte)'t':
                return StartLiteral(i, JsonLiteral.True);
            case (byte)'f':
                return StartLiteral(i, JsonLiteral.False);
            case (byte)'n':
                return StartLiteral(i, JsonLiteral.Null);
            default:
                throw Unexpected(i, b, DescribeExpectedValue());
        }
    }

    private int ReadByteOrderMark(ReadOnlySpan<byte> input, int i)
    {
        byte expected = _state == State.ByteOrderMark2 ? (byte)0xBB : (byte)0xBF;
        if (input[i] != expected)
        {
            throw Unexpected(i, input[i], "expected the rest of the UTF-8 byte order mark");
        }

        _state = _state == State.ByteOrderMark2 ? State.ByteOrderMark3 : State.RootValue;
        return i + 1;
    }

    private bool IsInObject
    {
        get
        {
            int level = _depth - 1;
            return ((_containerIsObject[level >> 6] >> (level & 63)) & 1) != 0;
        }
    }

    private void Push(int i, bool isObject)
    {
        if (_depth >= _maxDepth)
        {
            throw Fail(
                JsonStreamErrorReason.DepthExceeded,
                _consumed + i,
                $"more than {_maxDepth} arrays and objects are nested (the limit is MaxDepth)");
        }

        int level = _depth;
        if ((level >> 6) >= _containerIsObject.Length)
        {
            Array.Resize(ref _containerIsObject, _containerIsObject.Length * 2);
        }

        ulong bit = 1UL << (level & 63);
        ref ulong word = ref _containerIsObject[level >> 6];
        word = isObject ? word | bit : word & ~bit;
        _depth = level + 1;
    }

    private int EndContainer(int i, bool isObject, IJsonTokenSink sink)
    {
        _depth--;
        if (isObject)
        {
            sink.OnEndObject();
        }
        else
        {
            sink.OnEndArray();
        }

        EndValue();
        return i + 1;
    }

    private void EndValue() => _state = _depth == 0 ? State.Done : State.CommaOrEnd;

    private void AppendToScratch(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _scratch.Length - _scratchLength)
        {
            GrowScratch(bytes.Length);
        }

        bytes.CopyTo(_scratch.AsSpan(_scratchLength));
        _scratchLength += bytes.Length;
    }

    private void GrowScratch(int needed)
    {
        int size = (int)Math.Min(Array.MaxLength, Math.Max((long)_scratch.Length * 2, (long)_scratchLength + needed));
        Array.Resize(ref _scratch, size);
    }
}
