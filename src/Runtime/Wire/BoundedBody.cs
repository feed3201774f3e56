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
}
