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
internal sealed class ChatEnvelopeReader : IDisposable
{
    private readonly PooledBufferWriter _content = new();
    private StringBuilder? _refusal;
    private List<FieldBasis>? _basis;

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
                reader.Read();
                FieldBasisReader.ReadAndMerge(ref reader, _basis ??= []);
            }
            else if (reader.ValueTextEquals("interaction_id"u8))
            {
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
                    AppendContent(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
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
