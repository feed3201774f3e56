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
        : base(message, innerException)
    {
        JsonPath = jsonPath;
        RawText = rawText;
    }

    /// <summary>The dot path (JSON names, array indexes as numbers) of the offending value; empty for the root.</summary>
    public string JsonPath { get; }

    /// <summary>The whole raw answer text received.</summary>
    public string RawText { get; }
}
