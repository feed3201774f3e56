namespace StructuredChat;

/// <summary>A text answer (no response format) with its research basis.</summary>
/// <param name="Text">The answer's text.</param>
/// <param name="BasisEntries">The research basis entries (their field is <c>content</c> or <c>output</c>); empty for <c>speed</c>.</param>
/// <param name="InteractionId">The id to pass as <see cref="ParallelChatRequest.PreviousInteractionId"/> for a follow-up, if sent.</param>
public sealed record ParallelTextResponse(string Text, IReadOnlyList<FieldBasis> BasisEntries, string? InteractionId)
{
    /// <summary>What the Responses API sent besides the text (search trail, usage, citation spans); <see langword="null"/> from the Chat API.</summary>
    public ParallelResponsesDetails? ResponsesDetails { get; init; }
}

/// <summary>One step of a streamed text answer.</summary>
/// <param name="Delta">The text that arrived with this step; empty on the last update when nothing new came with it.</param>
/// <param name="IsComplete">Whether this is the last update, carrying <see cref="Text"/>, the basis and the interaction id.</param>
/// <param name="Text">The whole answer, on the last update; <see langword="null"/> before.</param>
/// <param name="BasisEntries">The research basis, on the last update; empty before.</param>
/// <param name="InteractionId">The interaction id, on the last update, if sent.</param>
public sealed record ParallelTextStreamUpdate(string Delta, bool IsComplete, string? Text, IReadOnlyList<FieldBasis> BasisEntries, string? InteractionId)
{
    /// <summary>On the last update, what the Responses API sent besides the text; <see langword="null"/> before and from the Chat API.</summary>
    public ParallelResponsesDetails? ResponsesDetails { get; init; }
}
