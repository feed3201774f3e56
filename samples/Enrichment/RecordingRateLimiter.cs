using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Enrichment;

/// <summary>
/// Wraps the limiter given to the client, to show it at work: how many requests wait for a permit now, and when
/// each permit was granted.
/// </summary>
internal sealed class RecordingRateLimiter(RateLimiter inner) : RateLimiter
{
    private readonly ConcurrentQueue<TimeSpan> _grants = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _waiting;

    /// <summary>Requests queued for a permit right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>When each permit was granted, since the limiter was made.</summary>
    public IReadOnlyList<TimeSpan> Grants => [.. _grants.Order()];

    public override TimeSpan? IdleDuration => inner.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Record(inner.AttemptAcquire(permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            return Record(await inner.AcquireAsync(permitCount, cancellationToken));
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private RateLimitLease Record(RateLimitLease lease)
    {
        if (lease.IsAcquired)
        {
            _grants.Enqueue(_clock.Elapsed);
        }

        return lease;
    }
}
