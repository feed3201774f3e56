namespace StructuredChat;

public sealed partial class ParallelChatClient
{
    /// <summary>Asks for an answer of type <typeparamref name="T"/>, with its research basis.</summary>
    /// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type; its generated schema is sent as the response format.</typeparam>
    /// <param name="prompt">The question.</param>
    /// <param name="model">The model; the default model when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the call at once.</param>
    /// <returns>The validated answer, its basis and interaction id.</returns>
    /// <exception cref="ParallelResponseFormatException">The answer is not a <typeparamref name="T"/> (malformed, truncated or mismatching JSON).</exception>
    /// <exception cref="ParallelRefusalException">The model refused.</exception>
    public Task<ParallelResponse<T>> AskAsync<T>(string prompt, ParallelModel? model = null, CancellationToken cancellationToken = default)
        where T : IParallelResponse<T> =>
        AskAsync<T>(new ParallelChatRequest(prompt) { Model = model }, cancellationToken);

    /// <summary>Asks for an answer of type <typeparamref name="T"/> to a conversation, with its research basis.</summary>
    /// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type; its generated schema is sent as the response format.</typeparam>
    /// <param name="request">The conversation, model and follow-up id.</param>
    /// <param name="cancellationToken">Stops the call at once.</param>
    /// <returns>The validated answer, its basis and interaction id.</returns>
    /// <exception cref="ParallelResponseFormatException">The answer is not a <typeparamref name="T"/> (malformed, truncated or mismatching JSON).</exception>
    /// <exception cref="ParallelRefusalException">The model refused.</exception>
    public Task<ParallelResponse<T>> AskAsync<T>(ParallelChatRequest request, CancellationToken cancellationToken = default)
        where T : IParallelResponse<T>
    {
        ParallelModel model = ModelOf(request);
        ApiCall call = CallFor(request, model, stream: false, AnswerFormat.JsonSchema, T.SchemaName, T.JsonSchemaUtf8);
        return _calls.AskAsync<ParallelResponse<T>>(call, new TypedAnswer<T>(), cancellationToken);
    }

    /// <summary>Streams an answer of type <typeparamref name="T"/>: the partial object grows as the JSON arrives.</summary>
    /// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type; its generated schema is sent as the response format.</typeparam>
    /// <param name="prompt">The question.</param>
    /// <param name="model">The model; the default model when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the stream at once and releases the connection.</param>
    /// <returns>An update per change of the partial object; the last carries the validated value, basis and interaction id.</returns>
    public IAsyncEnumerable<ParallelStreamUpdate<T>> StreamAsync<T>(string prompt, ParallelModel? model = null, CancellationToken cancellationToken = default)
        where T : IParallelResponse<T> =>
        StreamAsync<T>(new ParallelChatRequest(prompt) { Model = model }, cancellationToken);

    /// <summary>Streams an answer of type <typeparamref name="T"/> to a conversation.</summary>
    /// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type; its generated schema is sent as the response format.</typeparam>
    /// <param name="request">The conversation, model and follow-up id.</param>
    /// <param name="cancellationToken">Stops the stream at once and releases the connection.</param>
    /// <returns>An update per change of the partial object; the last carries the validated value, basis and interaction id.</returns>
    public IAsyncEnumerable<ParallelStreamUpdate<T>> StreamAsync<T>(ParallelChatRequest request, CancellationToken cancellationToken = default)
        where T : IParallelResponse<T>
    {
        ParallelModel model = ModelOf(request);
        ApiCall call = CallFor(request, model, stream: true, AnswerFormat.JsonSchema, T.SchemaName, T.JsonSchemaUtf8);
        return _calls.RunAsync<ParallelStreamUpdate<T>>(call, new TypedAnswer<T>(), cancellationToken);
    }
}
