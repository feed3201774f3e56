namespace StructuredChat;

/// <summary>
/// When and how often a failed request is sent again: on 408, 409, 429, 5xx and connection failures, and only
/// before the first byte of an answer has reached the caller.
/// </summary>
public sealed class ParallelRetryOptions
{
    /// <summary>How many times a request is sent again after the first try (default 2; 0 turns retries off).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The wait before the first retry, doubled for each further one (default 0.5 s).</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest computed wait between tries (default 8 s).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Whether a server's <c>Retry-After</c> (or <c>retry-after-ms</c>) replaces the computed wait when it is at
    /// most <see cref="MaxRetryAfter"/> (default true; Parallel documents that it sends none).
    /// </summary>
    public bool HonorRetryAfter { get; set; } = true;

    /// <summary>The longest <c>Retry-After</c> that is honoured; longer ones fall back to the computed wait (default 60 s).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The computed wait before retry number <paramref name="retry"/> (0-based), with up to 25% jitter taken off.</summary>
    internal TimeSpan ComputeDelay(int retry, TimeSpan? retryAfter)
    {
        if (HonorRetryAfter && retryAfter is { } serverDelay && serverDelay >= TimeSpan.Zero && serverDelay <= MaxRetryAfter)
        {
            return serverDelay;
        }

        double seconds = Math.Min(InitialDelay.TotalSeconds * Math.Pow(2, retry), MaxDelay.TotalSeconds);
        double jitter = 1 - (0.25 * Random.Shared.NextDouble());
        return TimeSpan.FromSeconds(seconds * jitter);
    }
}
