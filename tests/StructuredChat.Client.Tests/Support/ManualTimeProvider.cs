namespace StructuredChat.Client.Tests;

/// <summary>
/// A clock that moves only when told to. Timers due within <see cref="AutoFireUpTo"/> (retry backoffs) fire at
/// once and are recorded in <see cref="AutoFired"/>, so tests never wait; longer ones (timeouts, slow servers) fire
/// on <see cref="Advance"/>.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TimeSpan AutoFireUpTo { get; init; } = TimeSpan.FromSeconds(61);

    public System.Collections.Concurrent.ConcurrentQueue<TimeSpan> AutoFired { get; } = new();

    private readonly List<(TimeSpan Due, TaskCompletionSource Signal)> _waiters = [];

    /// <summary>Completes once a timer of exactly <paramref name="dueTime"/> has been scheduled (a server's long delay, say).</summary>
    public Task WhenTimerScheduled(TimeSpan dueTime)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_timers.Any(t => t.DueAt == _now + dueTime))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((dueTime, signal));
        }

        return signal.Task;
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock and fires, in due order, every timer that has come due.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt <= target).OrderBy(t => t.DueAt).FirstOrDefault();
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.DueAt!.Value;
                _timers.Remove(next);
                next.DueAt = null;
            }

            next.Fire();
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            timer.DueAt = null;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            if (dueTime > AutoFireUpTo)
            {
                timer.DueAt = _now + dueTime;
                _timers.Add(timer);
                foreach ((TimeSpan due, TaskCompletionSource signal) in _waiters.Where(w => w.Due == dueTime).ToList())
                {
                    _waiters.Remove((due, signal));
                    signal.TrySetResult();
                }

                return;
            }
        }

        AutoFired.Enqueue(dueTime);
        ThreadPool.QueueUserWorkItem(_ => timer.Fire());
    }

    private void Cancel(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            timer.DueAt = null;
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public DateTimeOffset? DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            owner.Schedule(this, dueTime);
            return true;
        }

        public void Fire()
        {
            if (!_disposed)
            {
                callback(state);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            owner.Cancel(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
