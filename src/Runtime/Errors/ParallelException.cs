namespace StructuredChat;

/// <summary>The base of every error StructuredChat raises for a failed Parallel Chat API call or answer.</summary>
/// <remarks>Messages never contain the API key.</remarks>
public class ParallelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ParallelException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with what the server said.</summary>
    /// <param name="message">What went wrong (never the API key).</param>
    /// <param name="statusCode">The HTTP status, when the error came from an HTTP response.</param>
    /// <param name="referenceId">The server's reference id for the failed request (<c>ref_id</c>), if it sent one.</param>
    /// <param name="rawBody">The response body or answer text exactly as received, if any.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ParallelException(string message, int? statusCode, string? referenceId, string? rawBody, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ReferenceId = referenceId;
        RawBody = rawBody;
    }

    /// <summary>The HTTP status of the failed response; <see langword="null"/> when no response was involved.</summary>
    public int? StatusCode { get; }

    /// <summary>The server's reference id for the request (Parallel's <c>ref_id</c>), to quote in a support request.</summary>
    public string? ReferenceId { get; }

    /// <summary>The raw response body, error event or answer text as received; <see langword="null"/> when there was none.</summary>
    public string? RawBody { get; }
}

/// <summary>
/// The answer is not a JSON document of the requested shape: malformed or truncated JSON, a missing required
/// property, a value of the wrong type, an unknown enum member or an unparsable date.
/// </summary>
/// <remarks>Carries the whole raw answer text so that nothing the model wrote is lost.</remarks>
public class ParallelResponseFormatException : ParallelException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, and where.</param>
    /// <param name="jsonPath">The dot path of the offending value (<c>founders.0.name</c>); empty for the root.</param>
    /// <param name="rawText">The whole answer text received so far.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ParallelResponseFormatException(string message, string jsonPath, string rawText, Exception? innerException = null)
        : base(message, null, null, rawText, innerException)
    {
        JsonPath = jsonPath;
        RawText = rawText;
    }

    /// <summary>The dot path (JSON names, array indexes as numbers) of the offending value; empty for the root.</summary>
    public string JsonPath { get; }

    /// <summary>The whole raw answer text received.</summary>
    public string RawText { get; }
}
