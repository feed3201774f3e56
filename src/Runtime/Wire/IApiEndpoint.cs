namespace StructuredChat;

/// <summary>
/// What one API endpoint brings to a call: where requests go and how a successful response is read. Everything
/// else (auth headers, the rate limit, retries, timeouts, limits, typed errors, the partial reader) is shared by
/// every endpoint. The Chat API is <see cref="ChatCompletionsEndpoint"/>; a second endpoint (the Responses API)
/// adds its own request writer and an implementation of this interface, nothing more.
/// </summary>
internal interface IApiEndpoint
{
    /// <summary>The URL requests are posted to.</summary>
    Uri Url { get; }

    /// <summary>Starts reading a 2xx response; the reader owns <paramref name="response"/> from now on.</summary>
    IAnswerEvents Open(HttpResponseMessage response, AnswerReadContext context);
}

/// <summary>What a response reader needs from the call: the limits, the key to keep out of errors, the stall timer.</summary>
/// <param name="Limits">The client's bounds on what is read.</param>
/// <param name="Redactor">Takes the key out of anything the server sent that goes into an exception.</param>
/// <param name="AnswerProgress">Called when bytes that may carry the answer arrive (restarts the stall timer).</param>
internal sealed record AnswerReadContext(ReadLimits Limits, KeyRedactor Redactor, Action AnswerProgress);

/// <summary>The client's bounds on what it reads, from <see cref="ParallelChatClientOptions"/>.</summary>
/// <param name="MaxResponseBytes">The largest non-streamed body.</param>
/// <param name="MaxEventBytes">The longest line or event of a stream.</param>
/// <param name="MaxAnswerBytes">The largest answer content.</param>
internal sealed record ReadLimits(long MaxResponseBytes, int MaxEventBytes, long MaxAnswerBytes);

/// <summary>
/// A successful response read as the answer's content, piece by piece (one piece for a whole body, one per content
/// event for a stream), then what came with it. Disposing it releases the connection.
/// </summary>
internal interface IAnswerEvents : IAsyncDisposable
{
    /// <summary>Whether the response is an event stream (otherwise a whole body: the answer has started with the headers).</summary>
    bool IsEventStream { get; }

    /// <summary>The content read by the last successful <see cref="ReadAsync"/> (UTF-8, unescaped); valid until the next call.</summary>
    ReadOnlySpan<byte> Content { get; }

    /// <summary>What came with the answer (refusal, basis, ids); complete once <see cref="ReadAsync"/> returned false.</summary>
    AnswerTrailer Trailer { get; }

    /// <summary>
    /// Reads up to the next piece of content; false at the end of the answer. Throws the typed error of an error
    /// event, a malformed event or an exceeded limit; lets connection failures and cancellations through as they are.
    /// </summary>
    ValueTask<bool> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>What an answer carried besides its content, in terms every endpoint can fill.</summary>
/// <param name="Refusal">The model's refusal, if it refused.</param>
/// <param name="Basis">The research basis entries.</param>
/// <param name="InteractionId">The id a follow-up passes back.</param>
/// <param name="CutOff">Whether the server says the answer was cut off (the Chat API's <c>finish_reason: length</c>).</param>
/// <param name="Responses">What the Responses API sent besides the text (its citations' paths not yet mapped); null for the Chat API.</param>
internal readonly record struct AnswerTrailer(string? Refusal, IReadOnlyList<FieldBasis> Basis, string? InteractionId, bool CutOff, ParallelResponsesDetails? Responses = null);
