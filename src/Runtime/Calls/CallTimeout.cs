namespace StructuredChat;

/// <summary>
/// The client-side waits of one call: the call deadline over everything, and per try the first-token timeout until
/// the answer starts, then the stall timeout, restarted by answer progress (never by keep-alives). Runs on the
/// options' <see cref="TimeProvider"/>, so tests need not wait.
/// </summary>
/// <remarks>
/// Progress arrives with every streamed event, and moving a timer costs far more than the event's own work (it was a
/// quarter of the client path's time), so progress only records when it happened; the stall timer is moved at most
/// once per eighth of the stall timeout, and when it fires it checks that time: it cancels the try only after a whole
/// stall timeout without progress, and otherwise waits out the rest. It never fires early.
/// </remarks>
internal sealed class CallTimeout : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _try;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _caller;
    private readonly TimeSpan _firstToken;
    private readonly TimeSpan _stall;
    private readonly TimeSpan _deadlineLimit;
    private readonly TimeProvider _time;
    private readonly ITimer _stallTimer;
    private long _lastProgressTicks;
    private long _lastArmedTicks;

    public CallTimeout(TimeSpan firstToken, TimeSpan stall, TimeSpan deadline, TimeProvider timeProvider, CancellationToken caller)
    {
        _firstToken = firstToken;
        _stall = stall;
        _deadlineLimit = deadline;
        _caller = caller;
        _time = timeProvider;
        _deadline = new CancellationTokenSource(deadline, timeProvider);
        _try = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _deadline.Token, _try.Token);
        _stallTimer = timeProvider.CreateTimer(static state => ((CallTimeout)state!).OnStallTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled when the caller cancels or a wait runs out.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Which wait of the current try is running.</summary>
    public ParallelTimeoutKind Kind { get; private set; } = ParallelTimeoutKind.FirstToken;

    /// <summary>Whether a wait ran out (rather than the caller cancelling).</summary>
    public bool Expired => (_deadline.IsCancellationRequested || _try.IsCancellationRequested) && !_caller.IsCancellationRequested;

    /// <summary>A try starts: the first-token wait runs until its answer starts.</summary>
    public void StartTry()
    {
        Kind = ParallelTimeoutKind.FirstToken;
        _stallTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _try.CancelAfter(_firstToken);
    }

    /// <summary>Between tries (the backoff) only the deadline runs.</summary>
    public void PauseTry()
    {
        Kind = ParallelTimeoutKind.FirstToken;
        _stallTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _try.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>The answer has started: from now on only a lack of progress longer than the stall timeout fails the try.</summary>
    public void AnswerStarted()
    {
        if (_try.IsCancellationRequested)
        {
            return;
        }

        _try.CancelAfter(Timeout.InfiniteTimeSpan);
        Kind = ParallelTimeoutKind.Stall;
        long now = _time.GetUtcNow().UtcTicks;
        Volatile.Write(ref _lastProgressTicks, now);
        Arm(now);
    }

    /// <summary>The answer progressed: restarts the stall wait (no effect before the answer started).</summary>
    public void Progress()
    {
        if (Kind != ParallelTimeoutKind.Stall || _try.IsCancellationRequested)
        {
            return;
        }

        long now = _time.GetUtcNow().UtcTicks;
        Volatile.Write(ref _lastProgressTicks, now);
        if (now - Volatile.Read(ref _lastArmedTicks) >= _stall.Ticks / 8)
        {
            Arm(now);
        }
    }

    private void Arm(long now)
    {
        Volatile.Write(ref _lastArmedTicks, now);
        _stallTimer.Change(_stall, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The stall timer fired: a whole stall timeout without progress cancels the try; otherwise wait out the rest.</summary>
    private void OnStallTimer()
    {
        if (Kind != ParallelTimeoutKind.Stall || _try.IsCancellationRequested)
        {
            return;
        }

        var silent = TimeSpan.FromTicks(_time.GetUtcNow().UtcTicks - Volatile.Read(ref _lastProgressTicks));
        try
        {
            if (silent >= _stall)
            {
                _try.Cancel();
            }
            else
            {
                _stallTimer.Change(_stall - silent, Timeout.InfiniteTimeSpan);
            }
        }
        catch (ObjectDisposedException)
        {
            // The call ended while the timer fired: nothing is left to cancel (and a timer thread must not throw).
        }
    }

    /// <summary>The exception that says which wait ran out.</summary>
    public ParallelTimeoutException CreateException(Exception inner)
    {
        if (_deadline.IsCancellationRequested)
        {
            return new ParallelTimeoutException(
                $"The call took longer than its deadline of {_deadlineLimit} (ParallelChatClientOptions.CallDeadlines); the connection was released.",
                ParallelTimeoutKind.CallDeadline,
                _deadlineLimit,
                innerException: inner);
        }

        return Kind == ParallelTimeoutKind.FirstToken
            ? new ParallelTimeoutException(
                $"The Parallel API did not start answering within the first-token timeout of {_firstToken} (ParallelChatClientOptions.FirstTokenTimeouts).",
                ParallelTimeoutKind.FirstToken,
                _firstToken,
                innerException: inner)
            : new ParallelTimeoutException(
                $"The answer made no progress for longer than the stall timeout of {_stall} (ParallelChatClientOptions.StallTimeout; keep-alive events do not count as progress).",
                ParallelTimeoutKind.Stall,
                _stall,
                innerException: inner);
    }

    public void Dispose()
    {
        _stallTimer.Dispose();
        _linked.Dispose();
        _try.Dispose();
        _deadline.Dispose();
    }
}
