namespace StructuredChat;

/// <summary>The Parallel Chat API answered with an error status (or an error event in a stream).</summary>
/// <remarks>
/// All three error body shapes are read: Parallel's <c>{"type":"error","error":{"ref_id","message","detail"}}</c>,
/// OpenAI's <c>{"error":{"message","type","param","code"}}</c> and FastAPI's <c>{"detail":...}</c>; any other body
/// is kept as raw text in <see cref="ParallelException.RawBody"/>.
/// </remarks>
public class ParallelApiException : ParallelException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="error">What the server said.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ParallelApiException(string message, ParallelErrorDetails error, Exception? innerException = null)
        : base(message, error?.StatusCode, error?.ReferenceId, error?.RawBody, innerException)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>Everything the server said about the error, as read from its body.</summary>
    public ParallelErrorDetails Error { get; }
}

/// <summary>An error as the server described it.</summary>
/// <param name="StatusCode">The HTTP status; <see langword="null"/> for an error event inside a stream.</param>
/// <param name="ServerMessage">The server's own message, if its body had one.</param>
/// <param name="ReferenceId">Parallel's <c>ref_id</c> (or the <c>x-request-id</c> header), if sent.</param>
/// <param name="ErrorType">The OpenAI-shape <c>type</c> (for example <c>invalid_request_error</c>), if sent.</param>
/// <param name="ErrorCode">The OpenAI-shape <c>code</c>, if sent.</param>
/// <param name="Param">The OpenAI-shape <c>param</c>, if sent.</param>
/// <param name="DetailJson">Parallel's <c>detail</c> or FastAPI's <c>detail</c> as raw JSON, if sent.</param>
/// <param name="ValidationErrors">The validation problems the server listed (FastAPI <c>detail</c> items); empty when none.</param>
/// <param name="RawBody">The body exactly as received.</param>
public sealed record ParallelErrorDetails(
    int? StatusCode,
    string? ServerMessage,
    string? ReferenceId,
    string? ErrorType,
    string? ErrorCode,
    string? Param,
    string? DetailJson,
    IReadOnlyList<ParallelValidationError> ValidationErrors,
    string RawBody);

/// <summary>One problem the server found in the request.</summary>
/// <param name="Location">Where: the FastAPI <c>loc</c> joined with dots (<c>body.response_format.json_schema</c>); empty when not given.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Type">The server's kind of problem (FastAPI <c>type</c>), if given.</param>
public sealed record ParallelValidationError(string Location, string Message, string? Type);

/// <summary>401: the API key is missing or wrong.</summary>
public sealed class ParallelAuthenticationException(string message, ParallelErrorDetails error)
    : ParallelApiException(message, error);

/// <summary>403: the key may not use this resource.</summary>
public sealed class ParallelPermissionDeniedException(string message, ParallelErrorDetails error)
    : ParallelApiException(message, error);

/// <summary>402: the account is out of credit.</summary>
public sealed class ParallelPaymentRequiredException(string message, ParallelErrorDetails error)
    : ParallelApiException(message, error);

/// <summary>404: the endpoint or model does not exist (check the base URL).</summary>
public sealed class ParallelNotFoundException(string message, ParallelErrorDetails error)
    : ParallelApiException(message, error);

/// <summary>429: too many requests, and the retries (if any) did not get through.</summary>
public sealed class ParallelRateLimitException(string message, ParallelErrorDetails error, TimeSpan? retryAfter)
    : ParallelApiException(message, error)
{
    /// <summary>The server's <c>Retry-After</c>, when it sent one (Parallel documents that it does not).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>400 or 422: the server refused the request, for example a schema that breaks Parallel's rules.</summary>
public sealed class ParallelInvalidRequestException(string message, ParallelErrorDetails error)
    : ParallelApiException(message, error)
{
    /// <summary>The server's validation problems (FastAPI <c>detail</c> items); empty when it listed none.</summary>
    public IReadOnlyList<ParallelValidationError> ValidationErrors => Error.ValidationErrors;
}

/// <summary>5xx, or an error event in the middle of a stream: the server failed.</summary>
public sealed class ParallelServerException(string message, ParallelErrorDetails error)
    : ParallelApiException(message, error);

/// <summary>Which of the client's waits ran out.</summary>
public enum ParallelTimeoutKind
{
    /// <summary>No answer (headers, then the first event) within the model's first-token timeout.</summary>
    FirstToken = 0,

    /// <summary>The stream went silent for longer than the stall timeout after it had started.</summary>
    Stall = 1,

    /// <summary>The server answered 408 Request Timeout (and the retries did not get through).</summary>
    Server = 2,

    /// <summary>The whole call (every try, the waits between them and the answer) took longer than the model's call deadline.</summary>
    CallDeadline = 3,
}

/// <summary>The call took longer than allowed: see <see cref="Kind"/>.</summary>
public sealed class ParallelTimeoutException : ParallelException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What timed out.</param>
    /// <param name="kind">Which wait ran out.</param>
    /// <param name="timeout">The limit that was exceeded, when the client set it.</param>
    /// <param name="statusCode">408 when the server timed out.</param>
    /// <param name="referenceId">The server's reference id, if any.</param>
    /// <param name="rawBody">The server's body, if any.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ParallelTimeoutException(string message, ParallelTimeoutKind kind, TimeSpan? timeout, int? statusCode = null, string? referenceId = null, string? rawBody = null, Exception? innerException = null)
        : base(message, statusCode, referenceId, rawBody, innerException)
    {
        Kind = kind;
        Timeout = timeout;
    }

    /// <summary>Which wait ran out.</summary>
    public ParallelTimeoutKind Kind { get; }

    /// <summary>The client-side limit that was exceeded; <see langword="null"/> for a server 408.</summary>
    public TimeSpan? Timeout { get; }
}

/// <summary>
/// The connection failed: before any answer reached the caller (after the retries), or in the middle of a
/// streamed answer, where a retry would repeat text the caller has already seen.
/// </summary>
public sealed class ParallelStreamInterruptedException(string message, string? partialAnswer, Exception? innerException)
    : ParallelException(message, null, null, partialAnswer, innerException)
{
    /// <summary>The answer text received before the connection failed (also in <see cref="ParallelException.RawBody"/>).</summary>
    public string? PartialAnswer { get; } = partialAnswer;
}

/// <summary>The model refused to answer (<c>refusal</c> instead of <c>content</c>).</summary>
public sealed class ParallelRefusalException(string refusal, string? referenceId = null)
    : ParallelException("The model refused to answer: " + refusal, null, referenceId, refusal)
{
    /// <summary>The model's refusal text, as sent.</summary>
    public string Refusal { get; } = refusal;
}

/// <summary>Which bound on what the client reads was exceeded.</summary>
public enum ParallelLimitKind
{
    /// <summary>A non-streamed response body was larger than <see cref="ParallelChatClientOptions.MaxResponseBytes"/>.</summary>
    ResponseBytes = 0,

    /// <summary>A line (or event) of the event stream was longer than <see cref="ParallelChatClientOptions.MaxEventBytes"/>.</summary>
    EventBytes = 1,

    /// <summary>The answer's content was larger than <see cref="ParallelChatClientOptions.MaxAnswerBytes"/>.</summary>
    AnswerBytes = 2,
}

/// <summary>
/// The server sent more than the client reads: the connection was released and the call is not retried. What was
/// read up to the limit is kept.
/// </summary>
/// <param name="message">Which limit, and its value.</param>
/// <param name="limit">Which limit was exceeded.</param>
/// <param name="limitBytes">The limit, in bytes.</param>
/// <param name="partialAnswer">The answer text read up to the limit (for a response body: the body read up to it).</param>
public sealed class ParallelLimitExceededException(string message, ParallelLimitKind limit, long limitBytes, string? partialAnswer)
    : ParallelException(message, null, null, partialAnswer)
{
    /// <summary>Which limit was exceeded.</summary>
    public ParallelLimitKind Limit { get; } = limit;

    /// <summary>The limit, in bytes.</summary>
    public long LimitBytes { get; } = limitBytes;

    /// <summary>What was read up to the limit (also in <see cref="ParallelException.RawBody"/>).</summary>
    public string? PartialAnswer { get; } = partialAnswer;
}

/// <summary>
/// The Responses API ended the answer as <c>incomplete</c> (<c>response.incomplete</c>, or a body whose status is
/// <c>incomplete</c>): the text stopped early, so it is not returned as an answer. What arrived is kept.
/// </summary>
/// <param name="message">What happened, with the server's reason.</param>
/// <param name="reason">The server's <c>incomplete_details.reason</c> (<c>max_output_tokens</c>, <c>content_filter</c>), if sent.</param>
/// <param name="partialAnswer">The answer text received before the end.</param>
public sealed class ParallelIncompleteResponseException(string message, string? reason, string? partialAnswer)
    : ParallelException(message, null, null, partialAnswer)
{
    /// <summary>The server's <c>incomplete_details.reason</c>, if sent.</summary>
    public string? Reason { get; } = reason;

    /// <summary>The answer text received before the end (also in <see cref="ParallelException.RawBody"/>).</summary>
    public string? PartialAnswer { get; } = partialAnswer;
}
