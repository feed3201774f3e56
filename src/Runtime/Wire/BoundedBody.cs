using System.Text;

namespace StructuredChat;

/// <summary>Reads a response body whole, but never more than a limit: a server cannot make the client buffer without end.</summary>
internal static class BoundedBody
{
    /// <summary>Reads <paramref name="content"/> into <paramref name="output"/>; false (with the first <paramref name="maxBytes"/> bytes read) when it is longer.</summary>
    public static async Task<bool> ReadAsync(HttpContent content, PooledBufferWriter output, long maxBytes, CancellationToken cancellationToken)
    {
        Stream body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            while (true)
            {
                int room = (int)Math.Min(16 * 1024, maxBytes - output.WrittenSpan.Length + 1);
                int read = await body.ReadAsync(output.GetMemory(room)[..room], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return true;
                }

                output.Advance(read);
                if (output.WrittenSpan.Length > maxBytes)
                {
                    output.Truncate((int)maxBytes);
                    return false;
                }
            }
        }
    }

    /// <summary>Reads a successful response's body whole; one longer than the response size limit is its typed error, with what was read up to it.</summary>
    /// <exception cref="ParallelLimitExceededException">The body is longer than <see cref="ReadLimits.MaxResponseBytes"/>.</exception>
    public static async Task ReadAnswerAsync(HttpContent content, PooledBufferWriter output, AnswerReadContext context, CancellationToken cancellationToken)
    {
        long max = context.Limits.MaxResponseBytes;
        if (!await ReadAsync(content, output, max, cancellationToken).ConfigureAwait(false))
        {
            throw new ParallelLimitExceededException(
                $"The Parallel API's response body is larger than the limit of {max} bytes (ParallelChatClientOptions.MaxResponseBytes); the connection was released.",
                ParallelLimitKind.ResponseBytes,
                max,
                context.Redactor.Redact(Encoding.UTF8.GetString(output.WrittenSpan)));
        }
    }
}
