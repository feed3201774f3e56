using System.Text;
using System.Text.Json;

namespace StructuredChat;

/// <summary>What one response body or stream event turned out to be.</summary>
internal enum EnvelopeKind
{
    /// <summary>A chat completion (chunk): its content, if any, is in <see cref="ChatEnvelopeReader.Content"/>.</summary>
    Completion = 0,

    /// <summary>An object with an <c>error</c> key: the server failed.</summary>
    Error = 1,
}

/// <summary>
/// Reads chat completion envelopes (a non-streaming body, or one streamed chunk) with <see cref="Utf8JsonReader"/>
/// straight from the bytes, and keeps what they carry across chunks: the content of the current chunk (unescaped
/// into a pooled buffer), the refusal, the basis and the interaction id. Only choice 0 is read; unknown fields are
/// skipped at every level.
/// </summary>
/// <remarks>
/// The chunks of one stream are the same bytes but for the content (<c>{"id":"chatcmpl-1",...,"delta":{"content":"</c>
/// <i>text</i> <c>"},"finish_reason":null}]}</c>). A chunk read in full whose only effect was one content string
/// becomes a template: its bytes before and after that string. A later chunk with exactly those bytes around a valid
/// JSON string (checked by <see cref="Utf8JsonReader"/>, which must read it whole) is the same JSON with other content,
/// so only the string is read. Anything else (another shape, a string that is not exactly one valid string, a chunk
/// with a basis, a finish reason, an id, a refusal or an error) is read in full. Reading the whole envelope was most of
/// the client's time per event.
/// </remarks>
internal sealed class ChatEnvelopeReader : IDisposable
{
    private readonly PooledBufferWriter _content = new();
    private readonly bool _useTemplates;
    private StringBuilder? _refusal;
    private List<FieldBasis>? _basis;

    // The template: the bytes of a chunk before its content string (through the opening quote) and after it (from the
    // closing quote); empty until a chunk qualifies.
    private byte[] _templateBefore = [];
    private int _templateBeforeLength;
    private byte[] _templateAfter = [];
    private int _templateAfterLength;

    // While a chunk is read in full: how many content strings it had, where the last one was, and whether anything
    // but content changed what this reader keeps.
    private int _contentStrings;
    private int _contentStart;
    private int _contentEnd;
    private bool _changedMoreThanContent;

    /// <summary>A reader of one response's envelopes.</summary>
    /// <param name="useTemplates">Whether chunks shaped as an earlier one are read by their content string only (tests compare both ways).</param>
    public ChatEnvelopeReader(bool useTemplates = true) => _useTemplates = useTemplates;

    /// <summary>Whether the last envelope was read by its content string only (see the remarks).</summary>
    public bool ReadByTemplate { get; private set; }

    /// <summary>The unescaped UTF-8 content of the last envelope read (choice 0's <c>delta</c> or <c>message</c>).</summary>
    public ReadOnlySpan<byte> Content => _content.WrittenSpan;

    /// <summary>The refusal text collected so far, if the model refused.</summary>
    public string? Refusal => _refusal?.ToString();

    /// <summary>Whether any chunk carried a non-empty refusal.</summary>
    public bool HasRefusal => _refusal is { Length: > 0 };

    /// <summary>The basis entries merged from every envelope so far.</summary>
    public IReadOnlyList<FieldBasis> Basis => _basis ?? (IReadOnlyList<FieldBasis>)[];

    /// <summary>The last non-empty <c>interaction_id</c> seen.</summary>
    public string? InteractionId { get; private set; }

    /// <summary>Choice 0's last non-null <c>finish_reason</c> (OpenAI's <c>length</c> means a truncated answer).</summary>
    public string? FinishReason { get; private set; }

    /// <summary>What the envelopes read so far carried besides content.</summary>
    public AnswerTrailer Trailer => new(HasRefusal ? Refusal : null, Basis, InteractionId, FinishReason == "length");

    /// <summary>Reads one envelope; throws <see cref="JsonException"/> (or <see cref="InvalidOperationException"/>) on malformed JSON.</summary>
    public EnvelopeKind Read(ReadOnlySpan<byte> utf8)
    {
        _content.Clear();
        ReadByTemplate = _templateBeforeLength > 0 && TryReadAsTemplate(utf8);
        if (ReadByTemplate)
        {
            return EnvelopeKind.Completion;
        }

        _contentStrings = 0;
        _changedMoreThanContent = false;
        EnvelopeKind kind = ReadInFull(utf8);
        if (_useTemplates && kind == EnvelopeKind.Completion && _contentStrings == 1 && !_changedMoreThanContent)
        {
            KeepAsTemplate(utf8);
        }

        return kind;
    }

    // The chunk is the template's bytes around one whole, valid JSON string: only that string is new.
    private bool TryReadAsTemplate(ReadOnlySpan<byte> utf8)
    {
        ReadOnlySpan<byte> before = _templateBefore.AsSpan(0, _templateBeforeLength);
        ReadOnlySpan<byte> after = _templateAfter.AsSpan(0, _templateAfterLength);
        if (utf8.Length < before.Length + after.Length || !utf8.StartsWith(before) || !utf8.EndsWith(after))
        {
            return false;
        }

        // The string with its quotes: the last byte of `before` and the first of `after`.
        ReadOnlySpan<byte> quoted = utf8[(before.Length - 1)..(utf8.Length - after.Length + 1)];
        var reader = new Utf8JsonReader(quoted);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.BytesConsumed != quoted.Length)
            {
                return false;
            }
        }
        catch (JsonException)
        {
            // Not a valid string: the full read says what is wrong with the chunk.
            return false;
        }

        AppendContent(ref reader);
        return true;
    }

    private void KeepAsTemplate(ReadOnlySpan<byte> utf8)
    {
        ReadOnlySpan<byte> before = utf8[..(_contentStart + 1)];
        ReadOnlySpan<byte> after = utf8[(_contentEnd - 1)..];
        if (_templateBefore.Length < before.Length)
        {
            _templateBefore = new byte[Math.Max(before.Length, 256)];
        }

        if (_templateAfter.Length < after.Length)
        {
            _templateAfter = new byte[Math.Max(after.Length, 64)];
        }

        before.CopyTo(_templateBefore);
        after.CopyTo(_templateAfter);
        _templateBeforeLength = before.Length;
        _templateAfterLength = after.Length;
    }

    private EnvelopeKind ReadInFull(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The event is not a JSON object.");
        }

        bool isError = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader);
            }
            else if (reader.ValueTextEquals("basis"u8))
            {
                _changedMoreThanContent = true;
                reader.Read();
                FieldBasisReader.ReadAndMerge(ref reader, _basis ??= []);
            }
            else if (reader.ValueTextEquals("interaction_id"u8))
            {
                _changedMoreThanContent = true;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0 && !(InteractionId is not null && reader.ValueTextEquals(InteractionId)))
                {
                    InteractionId = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                _changedMoreThanContent = true;
                reader.Read();
                isError |= reader.TokenType is JsonTokenType.StartObject or JsonTokenType.String;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new JsonException("The event is not one complete JSON object.");
        }

        return isError ? EnvelopeKind.Error : EnvelopeKind.Completion;
    }

    private void ReadChoices(ref Utf8JsonReader reader)
    {
        if (!JsonReading.IsArray(ref reader))
        {
            return;
        }

        while (JsonReading.NextObjectInArray(ref reader))
        {
            // "index" may come after "delta": remember where the delta starts (the reader is a struct, so a copy is
            // a checkpoint), and read it only once the choice turns out to be choice 0 (a missing index counts as 0).
            int index = 0;
            bool hasDelta = false;
            Utf8JsonReader delta = default;
            string? finishReason = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out index))
                    {
                        index = -1;
                    }
                }
                else if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject && !hasDelta)
                    {
                        delta = reader;
                        hasDelta = true;
                    }

                    reader.Skip();
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    finishReason = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0 ? reader.GetString() : null;
                    _changedMoreThanContent |= finishReason is not null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (index != 0)
            {
                continue;
            }

            FinishReason = finishReason ?? FinishReason;
            if (hasDelta)
            {
                ReadDelta(ref delta);
            }
        }
    }

    private void ReadDelta(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    _contentStrings++;
                    _contentStart = (int)reader.TokenStartIndex;
                    _contentEnd = (int)reader.BytesConsumed;
                    AppendContent(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                _changedMoreThanContent = true;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                {
                    (_refusal ??= new StringBuilder()).Append(reader.GetString());
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void AppendContent(ref Utf8JsonReader reader)
    {
        // The escaped length bounds the unescaped one.
        Span<byte> destination = _content.GetSpan(reader.ValueSpan.Length);
        int written;
        if (reader.ValueIsEscaped)
        {
            written = reader.CopyString(destination);
        }
        else
        {
            reader.ValueSpan.CopyTo(destination);
            written = reader.ValueSpan.Length;
        }

        _content.Advance(written);
    }

    public void Dispose() => _content.Dispose();
}
