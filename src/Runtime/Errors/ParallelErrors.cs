using System.Text;

namespace StructuredChat;

/// <summary>Turns what the server said into the typed exception a caller catches; keeps the API key out of all of it.</summary>
internal static class ParallelErrors
{
    /// <summary>The exception for an error status, from the body the server sent.</summary>
    public static ParallelException FromStatus(int status, ReadOnlySpan<byte> body, string? headerReferenceId, TimeSpan? retryAfter, string? apiKey)
    {
        ParallelErrorDetails error = Redact(ErrorBodyReader.Read(status, body, headerReferenceId), apiKey);
        string message = Describe($"The Parallel API answered {status}", error);
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

    /// <summary>The exception for a <c>data: {"error":...}</c> event in the middle of a stream.</summary>
    public static ParallelException FromStreamEvent(ReadOnlySpan<byte> eventData, string? apiKey)
    {
        ParallelErrorDetails error = Redact(ErrorBodyReader.Read(null, eventData, null), apiKey);
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

    /// <summary>A server that echoes the key back (in a message about a bad key, say) must not put it into our exceptions.</summary>
    private static ParallelErrorDetails Redact(ParallelErrorDetails error, string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey) || !error.RawBody.Contains(apiKey, StringComparison.Ordinal))
        {
            return error;
        }

        return error with
        {
            ServerMessage = Redact(error.ServerMessage, apiKey),
            ReferenceId = Redact(error.ReferenceId, apiKey),
            ErrorType = Redact(error.ErrorType, apiKey),
            ErrorCode = Redact(error.ErrorCode, apiKey),
            Param = Redact(error.Param, apiKey),
            DetailJson = Redact(error.DetailJson, apiKey),
            ValidationErrors = [.. error.ValidationErrors.Select(v => new ParallelValidationError(Redact(v.Location, apiKey)!, Redact(v.Message, apiKey)!, Redact(v.Type, apiKey)))],
            RawBody = Redact(error.RawBody, apiKey)!,
        };
    }

    public static string? Redact(string? text, string? apiKey) =>
        text is null || string.IsNullOrEmpty(apiKey) ? text : text.Replace(apiKey, "[redacted]", StringComparison.Ordinal);
}
