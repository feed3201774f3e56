using StructuredChat.Streaming;

namespace StructuredChat;

/// <summary>A typed answer with its research basis.</summary>
/// <typeparam name="T">The <see cref="ParallelResponseAttribute"/> type asked for.</typeparam>
public sealed class ParallelResponse<T>
    where T : IParallelResponse<T>
{
    private readonly RawAnswerText _content;

    internal ParallelResponse(T value, Basis<T> basis, string? interactionId, RawAnswerText content, ParallelResponsesDetails? responsesDetails = null)
    {
        Value = value;
        Basis = basis;
        InteractionId = interactionId;
        _content = content;
        ResponsesDetails = responsesDetails;
    }

    /// <summary>The answer, validated against <typeparamref name="T"/>.</summary>
    public T Value { get; }

    /// <summary>
    /// The research basis mapped onto <typeparamref name="T"/>'s properties (<c>Basis.Founded?.Citations</c>); empty for
    /// <c>speed</c>. From the Responses API it holds the citations anchored to each value, with no reasoning or
    /// confidence (<see cref="FieldBasis.Reasoning"/> and <see cref="FieldBasis.ConfidenceText"/> are <see langword="null"/>).
    /// </summary>
    public Basis<T> Basis { get; }

    /// <summary>
    /// The basis entries exactly as sent, including those that match no property (those alone:
    /// <see cref="ResearchBasis.Unmapped{T}(Basis{T})"/>).
    /// </summary>
    public IReadOnlyList<FieldBasis> BasisEntries => Basis.AllEntries;

    /// <summary>The id to pass as <see cref="ParallelChatRequest.PreviousInteractionId"/> for a follow-up, if sent.</summary>
    public string? InteractionId { get; }

    /// <summary>The answer's raw text (the JSON, and any fence or prose around it); made when first read.</summary>
    public string Content => _content.Text;

    /// <summary>What the Responses API sent besides the text (search trail, usage, citations with their spans); <see langword="null"/> from the Chat API.</summary>
    public ParallelResponsesDetails? ResponsesDetails { get; }
}

/// <summary>
/// One step of a streamed typed answer: the partial object and what changed in it; the last update
/// (<see cref="IsComplete"/>) also carries the validated <see cref="Value"/>, its basis and the interaction id.
/// </summary>
/// <typeparam name="T">The <see cref="ParallelResponseAttribute"/> type asked for.</typeparam>
public readonly struct ParallelStreamUpdate<T>
    where T : IParallelResponse<T>
{
    // Kept as the reader's update, so that the list of changes is made only when someone reads Changes.
    private readonly PartialUpdate _changes;

    internal ParallelStreamUpdate(Partial<T> partial, PartialUpdate changes, ParallelResponse<T>? response)
    {
        Partial = partial;
        _changes = changes;
        Response = response;
    }

    /// <summary>The partial object as it is now (the same instance, filled in place, throughout the stream).</summary>
    public Partial<T> Partial { get; }

    /// <summary>
    /// What changed since the previous update, by JSON dot path (<c>founders.0.name</c>); empty on the last update.
    /// Made when read: keep it in a local rather than reading it twice.
    /// </summary>
    public IReadOnlyList<PartialChange> Changes => _changes.Changes;

    /// <summary>Whether this is the last update, carrying <see cref="Value"/>, <see cref="Basis"/> and <see cref="InteractionId"/>.</summary>
    public bool IsComplete => Response is not null;

    /// <summary>The whole answer, on the last update; <see langword="null"/> before.</summary>
    public ParallelResponse<T>? Response { get; }

    /// <summary>The validated answer, on the last update; <see langword="default"/> before.</summary>
    public T? Value => Response is { } response ? response.Value : default;

    /// <summary>The research basis, on the last update; <see langword="null"/> before.</summary>
    public Basis<T>? Basis => Response?.Basis;

    /// <summary>The interaction id, on the last update, if sent.</summary>
    public string? InteractionId => Response?.InteractionId;
}
