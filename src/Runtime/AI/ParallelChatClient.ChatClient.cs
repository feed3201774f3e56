using Microsoft.Extensions.AI;

namespace StructuredChat;

public sealed partial class ParallelChatClient
{
    /// <summary>
    /// This client as a Microsoft.Extensions.AI <see cref="IChatClient"/>, for code and middleware
    /// (<c>ChatClientBuilder</c>: logging, caching, OpenTelemetry) written against that interface.
    /// </summary>
    /// <remarks>
    /// <para>What maps to what:</para>
    /// <list type="bullet">
    /// <item><see cref="ChatOptions.ModelId"/> picks the model, and with it the API: <c>speed</c>, <c>lite</c>, <c>base</c>,
    /// <c>core</c> (Chat API) or <c>parallel</c> (Responses API, whose tier comes from
    /// <see cref="ChatOptions.Reasoning"/>: <c>Low</c>/<c>None</c> low, <c>Medium</c> medium, <c>High</c>/<c>ExtraHigh</c>
    /// high; ignored for Chat API models); unset, the client's <see cref="ParallelChatClientOptions.DefaultModel"/>.</item>
    /// <item><see cref="ChatOptions.ResponseFormat"/> made with <c>ChatResponseFormat.ForJsonSchema</c> becomes Parallel's
    /// <c>response_format</c> (its schema sent verbatim); text or unset asks for text; JSON mode without a schema is refused
    /// (<see cref="NotSupportedException"/>).</item>
    /// <item><see cref="ChatOptions.ConversationId"/> is sent as <c>previous_interaction_id</c>; a response's
    /// <see cref="ChatResponse.ConversationId"/> and <see cref="ChatResponse.ResponseId"/> are its <c>interaction_id</c>,
    /// so a follow-up passes the previous response's <c>ConversationId</c> and only the new question.</item>
    /// <item><see cref="ChatOptions.Instructions"/> becomes the system prompt.</item>
    /// <item>From the Responses API, <see cref="ChatResponse.Usage"/> holds its (estimated) token counts, and
    /// <see cref="ChatResponse.RawRepresentation"/>'s <see cref="ParallelTextResponse.ResponsesDetails"/> the search trail
    /// and the citation spans.</item>
    /// <item>The research basis is in <see cref="ChatResponse.AdditionalProperties"/> under
    /// <see cref="ParallelChatProperties.Basis"/> (on the last update of a stream); typed calls
    /// (<see cref="TypedChatClientExtensions"/>) map it onto the record as <see cref="TypedChatResponse{T}.Basis"/>.</item>
    /// <item><see cref="ChatResponse.RawRepresentation"/> is the <see cref="ParallelTextResponse"/> (and each update's the
    /// <see cref="ParallelTextStreamUpdate"/>), with the basis as <see cref="FieldBasis"/> records.</item>
    /// <item>Streaming gives a <see cref="ChatResponseUpdate"/> per piece of text and a last one with the finish reason,
    /// ids and basis.</item>
    /// </list>
    /// <para>Messages are text only, with roles system, user and assistant; tools are refused (the API has none). Other
    /// sampling options (temperature, top-p, stop sequences...) are not sent: Parallel's Chat API ignores them.
    /// Errors are the client's typed exceptions (<see cref="ParallelException"/> and its subclasses).</para>
    /// <para>Disposing the returned client does not dispose this one.</para>
    /// </remarks>
    /// <returns>A chat client that calls this client.</returns>
    public IChatClient AsIChatClient() => new ParallelChatClientAdapter(this);

    /// <summary>The model used when a call names none.</summary>
    internal ParallelModel DefaultModel => _transport.Options.DefaultModel;

    /// <summary>Asks for a text answer, in the JSON of <paramref name="schema"/> when one is given.</summary>
    internal Task<ParallelTextResponse> AskTextAsync(ParallelChatRequest request, ChatSchema? schema, CancellationToken cancellationToken)
    {
        ParallelModel model = ModelOf(request);
        ApiCall call = SchemaCall(request, model, stream: false, schema);
        return _calls.AskAsync<ParallelTextResponse>(call, new TextAnswer(json: schema is not null), cancellationToken);
    }

    /// <summary>Streams a text answer, in the JSON of <paramref name="schema"/> when one is given.</summary>
    internal IAsyncEnumerable<ParallelTextStreamUpdate> StreamTextAsync(ParallelChatRequest request, ChatSchema? schema, CancellationToken cancellationToken)
    {
        ParallelModel model = ModelOf(request);
        ApiCall call = SchemaCall(request, model, stream: true, schema);
        return _calls.RunAsync<ParallelTextStreamUpdate>(call, new TextAnswer(json: schema is not null), cancellationToken);
    }

    private ApiCall SchemaCall(ParallelChatRequest request, ParallelModel model, bool stream, ChatSchema? schema) =>
        schema is null
            ? CallFor(request, model, stream, AnswerFormat.Text, null, default)
            : CallFor(request, model, stream, AnswerFormat.JsonSchema, schema.Name, schema.Utf8);
}
