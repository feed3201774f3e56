using StructuredChat.Streaming;

namespace StructuredChat;

/// <summary>Typed answers, whole and streamed: the content goes into a <see cref="PartialJsonReader{T}"/>.</summary>
internal sealed class TypedAnswer<T> : IAnswer<ParallelResponse<T>>, IAnswer<ParallelStreamUpdate<T>>
    where T : IParallelResponse<T>
{
    private PartialJsonReader<T> _reader = PartialJsonReader<T>.Create();

    public string RawText => _reader.RawText;

    public void Reset() => _reader = PartialJsonReader<T>.Create();

    bool IAnswer<ParallelResponse<T>>.Append(ReadOnlySpan<byte> content, out ParallelResponse<T>? update)
    {
        _reader.Append(content);
        update = null;
        return false;
    }

    ParallelResponse<T> IAnswer<ParallelResponse<T>>.Finish(AnswerTrailer trailer) => Complete(trailer);

    bool IAnswer<ParallelStreamUpdate<T>>.Append(ReadOnlySpan<byte> content, out ParallelStreamUpdate<T> update)
    {
        PartialUpdate changes = _reader.Append(content);
        update = new ParallelStreamUpdate<T>(_reader.Current, changes, null);
        return !changes.IsEmpty;
    }

    ParallelStreamUpdate<T> IAnswer<ParallelStreamUpdate<T>>.Finish(AnswerTrailer trailer) =>
        new(_reader.Current, default, Complete(trailer));

    private ParallelResponse<T> Complete(AnswerTrailer trailer)
    {
        T value;
        try
        {
            value = _reader.Complete();
        }
        catch (ParallelResponseFormatException e) when (trailer.CutOff)
        {
            throw new ParallelResponseFormatException(
                "The answer was cut off (finish_reason 'length') before its JSON was complete: " + e.Message, e.JsonPath, e.RawText, e);
        }

        if (trailer.Responses is { } details)
        {
            // The Responses API's citations are spans of the text: each lands on the value it covers.
            (IReadOnlyList<FieldBasis> entries, ParallelResponsesDetails mapped) = ResponsesBasis.Map(_reader.RawText, details);
            return new ParallelResponse<T>(value, Basis<T>.CreateFrom(entries), trailer.InteractionId, _reader.RawSnapshot, mapped);
        }

        return new ParallelResponse<T>(value, Basis<T>.CreateFrom(trailer.Basis), trailer.InteractionId, _reader.RawSnapshot);
    }
}
