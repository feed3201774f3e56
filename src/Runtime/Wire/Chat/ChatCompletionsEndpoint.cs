namespace StructuredChat;

/// <summary>The Chat API's <c>{base}/chat/completions</c>: a whole completion, or its chunks as server-sent events.</summary>
internal sealed class ChatCompletionsEndpoint(Uri url) : IApiEndpoint
{
    public Uri Url { get; } = url;

    /// <summary>A server that streams although asked not to is read as a stream, and the other way round.</summary>
    public IAnswerEvents Open(HttpResponseMessage response, AnswerReadContext context) =>
        response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? new ChatEventReader(response, context)
            : new ChatBodyReader(response, context);
}
