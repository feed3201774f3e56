using System.Text;

namespace StructuredChat;

/// <summary>
/// Turns an answer's content into what a call returns: text, or a typed object. The same interface serves a stream
/// (an update per <see cref="Append"/> that changes something, a last one from <see cref="Finish"/>) and a whole
/// answer (only <see cref="Finish"/>'s result is used). Endpoint-neutral: it sees content bytes and an
/// <see cref="AnswerTrailer"/>, never a wire format.
/// </summary>
internal interface IAnswer<TUpdate>
{
    /// <summary>Everything appended since the last <see cref="Reset"/>, as text (kept in errors).</summary>
    string RawText { get; }

    /// <summary>Starts over (a retried try).</summary>
    void Reset();

    /// <summary>Takes the unescaped UTF-8 content of one piece; true when it gives the caller an update.</summary>
    bool Append(ReadOnlySpan<byte> content, out TUpdate? update);

    /// <summary>Ends the answer (the call has already turned a refusal into its error): the last update, or a format error.</summary>
    TUpdate Finish(AnswerTrailer trailer);
}

/// <summary>Text answers, whole and streamed.</summary>
/// <param name="json">
/// Whether the text is JSON asked for with a schema (a call through <c>IChatClient</c>): the Responses API's citations
/// are then mapped onto the JSON paths of the values they cover, as for a typed answer.
/// </param>
internal sealed class TextAnswer(bool json = false) : IAnswer<ParallelTextResponse>, IAnswer<ParallelTextStreamUpdate>
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

    ParallelTextResponse IAnswer<ParallelTextResponse>.Finish(AnswerTrailer trailer)
    {
        string text = _text.ToString();
        (IReadOnlyList<FieldBasis> basis, ParallelResponsesDetails? details) = BasisOf(text, trailer);
        return new(text, basis, trailer.InteractionId) { ResponsesDetails = details };
    }

    bool IAnswer<ParallelTextStreamUpdate>.Append(ReadOnlySpan<byte> content, out ParallelTextStreamUpdate? update)
    {
        string delta = Encoding.UTF8.GetString(content);
        _text.Append(delta);
        update = new ParallelTextStreamUpdate(delta, false, null, [], null);
        return true;
    }

    ParallelTextStreamUpdate IAnswer<ParallelTextStreamUpdate>.Finish(AnswerTrailer trailer)
    {
        string text = _text.ToString();
        (IReadOnlyList<FieldBasis> basis, ParallelResponsesDetails? details) = BasisOf(text, trailer);
        return new("", true, text, basis, trailer.InteractionId) { ResponsesDetails = details };
    }

    private (IReadOnlyList<FieldBasis> Basis, ParallelResponsesDetails? Details) BasisOf(string text, AnswerTrailer trailer) =>
        json && trailer.Responses is { } details ? ResponsesBasis.Map(text, details) : (trailer.Basis, trailer.Responses);
}
