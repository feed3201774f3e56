using System.Text;

namespace StructuredChat;

/// <summary>Turns what the server said into the typed exception a caller catches; keeps the API key out of all of it.</summary>
internal static class ParallelErrors
{
    /// <summary>The exception for an error status, from the body the server sent.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body as read (at most the response size limit).</param>
    /// <param name="bodyCut">Whether the body was longer than what was read.</param>
    /// <param name="headerReferenceId">The <c>x-request-id</c> header, if sent.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, if sent.</param>
    /// <param name="redactor">Takes the key out of everything the server sent.</param>
    public static ParallelException FromStatus(int status, ReadOnlySpan<byte> body, bool bodyCut, string? headerReferenceId, TimeSpan? retryAfter, KeyRedactor redactor)
    {
        ParallelErrorDetails error = redactor.Redact(ErrorBodyReader.Read(status, body, headerReferenceId));
        string message = Describe($"The Parallel API answered {status}", error);
        if (bodyCut)
        {
            message += $" (the error body was cut after {body.Length} bytes)";
        }

        return status switch
        {
            400 or 422 => new ParallelInvalidRequestException(message, error),
            401 => new ParallelAuthenticationException(message, error),
            402 => new ParallelPaymentRequiredException(message, error),
            403 => new ParallelPermissionDeniedException(message, error),
            404 => new ParallelNotFoundException(message, error),
            408 => new ParallelTimeoutException(message, ParallelTimeoutKind.Server, null, status, error.ReferenceId, error.RawBody),
            429 => new ParallelRateLimitException(message, error, retryAfter),
            >= 500 => new ParallelServerException(message, error),
            _ => new ParallelApiException(message, error),
        };
    }

    /// <summary>
    /// The exception for a redirect: redirects are not followed, because a request sent on to another address would
    /// carry the key there.
    /// </summary>
    public static ParallelException FromRedirect(int status, Uri? location, Uri endpoint, KeyRedactor redactor)
    {
        string target = location is { IsAbsoluteUri: true } ? Origin(location) : "another address";
        var error = new ParallelErrorDetails(status, null, null, null, null, null, null, [], "");
        return new ParallelApiException(
            redactor.Redact($"The Parallel API at {Origin(endpoint)} answered {status}, a redirect to {target}. Redirects are not followed, so that the API key goes only to the configured base URL: check it.")!,
            error);
    }

    /// <summary>
    /// The exception for a response that came from another origin than the request's: a caller's own
    /// <see cref="HttpClient"/> followed a redirect.
    /// </summary>
    public static ParallelException FromForeignOrigin(Uri answeredBy, Uri endpoint, KeyRedactor redactor) =>
        new(redactor.Redact($"The request to {Origin(endpoint)} was answered by {Origin(answeredBy)}: the HttpClient passed in ParallelChatClientOptions follows redirects. Turn that off (AllowAutoRedirect = false) so that the API key goes only to the configured base URL.")!);

    /// <summary>Scheme, host and port, never user info, path or query.</summary>
    public static string Origin(Uri url) => url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    /// <summary>The exception for a <c>data: {"error":...}</c> event in the middle of a stream.</summary>
    public static ParallelException FromStreamEvent(ReadOnlySpan<byte> eventData, KeyRedactor redactor)
    {
        ParallelErrorDetails error = redactor.Redact(ErrorBodyReader.Read(null, eventData, null));
        return new ParallelServerException(Describe("The Parallel API sent an error event mid-stream", error), error);
    }

    private static string Describe(string prefix, ParallelErrorDetails error)
    {
        var text = new StringBuilder(prefix);
        if (error.ServerMessage is { Length: > 0 } serverMessage)
        {
            text.Append(": ").Append(serverMessage);
        }
        else if (error.RawBody.Length > 0)
        {
            text.Append(": ").Append(error.RawBody.Length <= 500 ? error.RawBody : error.RawBody[..500] + "...");
        }

        foreach (ParallelValidationError problem in error.ValidationErrors)
        {
            text.Append(Environment.NewLine).Append("  ");
            if (problem.Location.Length > 0)
            {
                text.Append(problem.Location).Append(": ");
            }

            text.Append(problem.Message);
        }

        if (error.ReferenceId is { Length: > 0 } referenceId)
        {
            text.Append(" (ref_id ").Append(referenceId).Append(')');
        }

        return text.ToString();
    }
}
