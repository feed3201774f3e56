using System.Threading.RateLimiting;

namespace StructuredChat.Client.Tests;

/// <summary>A rate limiter that queues every request past its permits until <see cref="Grant"/> is called.</summary>
internal sealed class ManualRateLimiter(int permits) : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource<RateLimitLease>> _queue = new();
    private int _permits = permits;

    public override TimeSpan? IdleDuration => null;

    /// <summary>Lets one more request through (the oldest waiting one, if any).</summary>
    public void Grant()
    {
        TaskCompletionSource<RateLimitLease>? next = null;
        lock (_gate)
        {
            if (!_queue.TryDequeue(out next))
            {
                _permits++;
            }
        }

        next?.TrySetResult(Lease.Acquired);
    }

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            if (_permits >= permitCount)
            {
                _permits -= permitCount;
                return Lease.Acquired;
            }
        }

        return Lease.Refused;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<RateLimitLease>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_permits >= permitCount)
            {
                _permits -= permitCount;
                return ValueTask.FromResult<RateLimitLease>(Lease.Acquired);
            }

            _queue.Enqueue(waiter);
        }

        cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
        return new ValueTask<RateLimitLease>(waiter.Task);
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true);
        public static readonly Lease Refused = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
