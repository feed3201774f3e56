using System.Text;

namespace StructuredChat;

/// <summary>
/// Turns the content of choice 0 into what a call returns: text, or a typed object. The same interface serves a
/// stream (an update per <see cref="Append"/>, a last one from <see cref="Finish"/>) and a whole answer (only the
/// result of <see cref="Finish"/> is used).
/// </summary>
internal interface IAnswer<TUpdate>
{
    /// <summary>Everything appended since the last <see cref="Reset"/>, as text (kept in errors).</summary>
    string RawText { get; }

    /// <summary>Starts over (a retried try).</summary>
    void Reset();

    /// <summary>Takes the unescaped UTF-8 content of one chunk; true when it gives the caller an update.</summary>
    bool Append(ReadOnlySpan<byte> content, out TUpdate? update);

    /// <summary>Ends the answer: the refusal error, the format error, or the last update.</summary>
    TUpdate Finish(ChatEnvelopeReader envelope, out bool hasUpdate);
}

/// <summary>Text answers, whole and streamed.</summary>
internal sealed class TextAnswer : IAnswer<ParallelTextResponse>, IAnswer<ParallelTextStreamUpdate>
{
    private readonly StringBuilder _text = new();

    public string RawText => _text.ToString();

    public void Reset() => _text.Clear();

    bool IAnswer<ParallelTextResponse>.Append(ReadOnlySpan<byte> content, out ParallelTextResponse? update)
    {
        _text.Append(Encoding.UTF8.GetString(content));
        update = null;
        return false;
    }

    ParallelTextResponse IAnswer<ParallelTextResponse>.Finish(ChatEnvelopeReader envelope, out bool hasUpdate)
    {
        ThrowIfRefused(envelope);
        hasUpdate = true;
        return new ParallelTextResponse(_text.ToString(), envelope.Basis, envelope.InteractionId);
    }

    bool IAnswer<ParallelTextStreamUpdate>.Append(ReadOnlySpan<byte> content, out ParallelTextStreamUpdate? update)
    {
        string delta = Encoding.UTF8.GetString(content);
        _text.Append(delta);
        update = new ParallelTextStreamUpdate(delta, false, null, [], null);
        return true;
    }

    ParallelTextStreamUpdate IAnswer<ParallelTextStreamUpdate>.Finish(ChatEnvelopeReader envelope, out bool hasUpdate)
    {
        ThrowIfRefused(envelope);
        hasUpdate = true;
        return new ParallelTextStreamUpdate("", true, _text.ToString(), envelope.Basis, envelope.InteractionId);
    }

    /// <summary>A refusal (<c>delta.refusal</c> or <c>message.refusal</c>) fails the call with the model's words.</summary>
    internal static void ThrowIfRefused(ChatEnvelopeReader envelope)
    {
        if (envelope.HasRefusal)
        {
            throw new ParallelRefusalException(envelope.Refusal!);
        }
    }
}
