using Microsoft.Extensions.AI;
using StructuredChat.Streaming;

namespace StructuredChat;

/// <summary>
/// A typed answer from any <see cref="IChatClient"/> (see <see cref="TypedChatClientExtensions"/>): the validated
/// value and the provider's own response.
/// </summary>
/// <typeparam name="T">The <see cref="ParallelResponseAttribute"/> type asked for.</typeparam>
/// <param name="value">The validated answer.</param>
/// <param name="response">The provider's response.</param>
/// <param name="text">The answer's text as read.</param>
public sealed class TypedChatResponse<T>(T value, ChatResponse response, string text)
    where T : IParallelResponse<T>
{
    /// <summary>The answer, validated against <typeparamref name="T"/>.</summary>
    public T Value { get; } = value;

    /// <summary>
    /// The provider's response: its messages, <see cref="ChatResponse.Usage"/>, <see cref="ChatResponse.ModelId"/>,
    /// response and conversation ids, finish reason, <see cref="ChatResponse.AdditionalProperties"/> and
    /// <see cref="ChatResponse.RawRepresentation"/>. For a streamed answer, the updates combined.
    /// </summary>
    public ChatResponse Response { get; } = response ?? throw new ArgumentNullException(nameof(response));

    /// <summary>The answer's text as read (the JSON, and any fence or prose around it).</summary>
    public string Text { get; } = text ?? throw new ArgumentNullException(nameof(text));

    /// <summary>
    /// The research basis mapped onto <typeparamref name="T"/>'s properties (<c>Basis.Founded?.Citations</c>), when the
    /// client is Parallel's (<see cref="ParallelChatProperties.Basis"/>); empty for other providers and for <c>speed</c>.
    /// </summary>
    public Basis<T> Basis => field ??= Basis<T>.CreateFrom(ParallelChatProperties.GetBasis(Response.AdditionalProperties));
}

/// <summary>
/// One step of a typed answer streamed from any <see cref="IChatClient"/>: the partial object and what changed in it;
/// the last update (<see cref="IsComplete"/>) also carries the validated <see cref="Value"/> and the whole response.
/// </summary>
/// <typeparam name="T">The <see cref="ParallelResponseAttribute"/> type asked for.</typeparam>
public readonly struct TypedChatResponseUpdate<T>
    where T : IParallelResponse<T>
{
    private readonly IReadOnlyList<PartialChange>? _changes;

    internal TypedChatResponseUpdate(Partial<T> partial, IReadOnlyList<PartialChange> changes, ChatResponseUpdate? update, TypedChatResponse<T>? response)
    {
        Partial = partial;
        _changes = changes;
        Update = update;
        Response = response;
    }

    /// <summary>The partial object as it is now (the same instance, filled in place, throughout the stream).</summary>
    public Partial<T> Partial { get; }

    /// <summary>What changed since the previous update, by JSON dot path (<c>founders.0.name</c>).</summary>
    public IReadOnlyList<PartialChange> Changes => _changes ?? [];

    /// <summary>The provider's update whose text made these changes; <see langword="null"/> on the last update.</summary>
    public ChatResponseUpdate? Update { get; }

    /// <summary>Whether this is the last update, carrying <see cref="Value"/> and <see cref="Response"/>.</summary>
    public bool IsComplete => Response is not null;

    /// <summary>The whole answer, on the last update; <see langword="null"/> before.</summary>
    public TypedChatResponse<T>? Response { get; }

    /// <summary>The validated answer, on the last update; <see langword="default"/> before.</summary>
    public T? Value => Response is { } response ? response.Value : default;
}
