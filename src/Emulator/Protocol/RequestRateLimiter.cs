namespace StructuredChat.Emulator.Protocol;

/// <summary>
/// A sliding one-minute window per key: a request is accepted while fewer than the limit were accepted in the
/// 60 seconds before it. Refused requests do not count. Time comes from the emulator's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class RequestRateLimiter(int requestsPerMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Queue<DateTimeOffset>> _accepted = new(StringComparer.Ordinal);

    public int RequestsPerMinute => requestsPerMinute;

    public bool TryAcquire(string key, DateTimeOffset now)
    {
        if (requestsPerMinute <= 0)
        {
            return true;
        }

        lock (_accepted)
        {
            if (!_accepted.TryGetValue(key, out var times))
            {
                _accepted[key] = times = new();
            }

            while (times.Count > 0 && now - times.Peek() >= Window)
            {
                times.Dequeue();
            }

            if (times.Count >= requestsPerMinute)
            {
                return false;
            }

            times.Enqueue(now);
            return true;
        }
    }
}
