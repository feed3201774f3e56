namespace StructuredChat;

/// <summary>
/// The client-side waits of one call: the call deadline over everything, and per try the first-token timeout until
/// the answer starts, then the stall timeout, restarted by answer progress (never by keep-alives). Runs on the
/// options' <see cref="TimeProvider"/>, so tests need not wait.
/// </summary>
internal sealed class CallTimeout : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _try;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _caller;
    private readonly TimeSpan _firstToken;
    private readonly TimeSpan _stall;
    private readonly TimeSpan _deadlineLimit;

    public CallTimeout(TimeSpan firstToken, TimeSpan stall, TimeSpan deadline, TimeProvider timeProvider, CancellationToken caller)
    {
        _firstToken = firstToken;
        _stall = stall;
        _deadlineLimit = deadline;
        _caller = caller;
        _deadline = new CancellationTokenSource(deadline, timeProvider);
        _try = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _deadline.Token, _try.Token);
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
        _try.CancelAfter(_firstToken);
    }

    /// <summary>Between tries (the backoff) only the deadline runs.</summary>
    public void PauseTry() => _try.CancelAfter(Timeout.InfiniteTimeSpan);

    /// <summary>The answer has started: from now on only a lack of progress longer than the stall timeout fails the try.</summary>
    public void AnswerStarted()
    {
        Kind = ParallelTimeoutKind.Stall;
        Progress();
    }

    /// <summary>The answer progressed: restarts the stall wait (no effect before the answer started).</summary>
    public void Progress()
    {
        if (Kind == ParallelTimeoutKind.Stall && !_try.IsCancellationRequested)
        {
            _try.CancelAfter(_stall);
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
        _linked.Dispose();
        _try.Dispose();
        _deadline.Dispose();
    }
}
