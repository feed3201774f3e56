namespace StructuredChat;

/// <summary>Who wrote a message of the conversation.</summary>
public enum ParallelChatRole
{
    /// <summary><c>system</c>: instructions for the model.</summary>
    System = 0,

    /// <summary><c>user</c>: the question.</summary>
    User = 1,

    /// <summary><c>assistant</c>: an earlier answer of the model.</summary>
    Assistant = 2,
}

/// <summary>One message of a conversation; its content is plain text (the wire takes no content parts).</summary>
/// <param name="Role">Who wrote it.</param>
/// <param name="Content">The text.</param>
public sealed record ParallelChatMessage(ParallelChatRole Role, string Content)
{
    /// <summary>A <c>system</c> message.</summary>
    /// <param name="content">The instructions.</param>
    public static ParallelChatMessage System(string content) => new(ParallelChatRole.System, content);

    /// <summary>A <c>user</c> message.</summary>
    /// <param name="content">The question.</param>
    public static ParallelChatMessage User(string content) => new(ParallelChatRole.User, content);

    /// <summary>An <c>assistant</c> message (an earlier answer).</summary>
    /// <param name="content">The answer's text.</param>
    public static ParallelChatMessage Assistant(string content) => new(ParallelChatRole.Assistant, content);
}

/// <summary>A full request: the conversation, an optional system prompt, model and follow-up id.</summary>
/// <remarks>
/// The messages should alternate user/assistant and end with a user message; a follow-up to an earlier answer
/// can instead send only the new question with <see cref="PreviousInteractionId"/> set to that answer's
/// <c>InteractionId</c>.
/// </remarks>
public sealed class ParallelChatRequest
{
    /// <summary>Creates an empty request; add <see cref="Messages"/>.</summary>
    public ParallelChatRequest()
    {
    }

    /// <summary>Creates a request with one user message.</summary>
    /// <param name="prompt">The question.</param>
    public ParallelChatRequest(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        Messages.Add(ParallelChatMessage.User(prompt));
    }

    /// <summary>The conversation, oldest first.</summary>
    public IList<ParallelChatMessage> Messages { get; init; } = [];

    /// <summary>Sent as the first, <c>system</c> message when set (the Responses API's <c>instructions</c>).</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>The model; the client's <see cref="ParallelChatClientOptions.DefaultModel"/> when <see langword="null"/>.</summary>
    public ParallelModel? Model { get; set; }

    /// <summary>
    /// An earlier answer's <c>InteractionId</c>, to ask a follow-up: sent as <c>previous_interaction_id</c> (Chat API)
    /// or <c>previous_response_id</c> (Responses API; the earlier answer must come from the Responses API too).
    /// </summary>
    public string? PreviousInteractionId { get; set; }

    /// <summary>
    /// Your own key/value pairs, stored with the answer and echoed on it (Responses API only: a Chat API call with
    /// metadata is refused rather than sent without it). At most 16 keys of up to 64 characters, values up to 512.
    /// </summary>
    public IDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
