namespace StructuredChat;

/// <summary>
/// The two client-side waits of one try: the first-token timeout until the answer starts, then the stall timeout,
/// restarted at every event. Runs on the options' <see cref="TimeProvider"/>, so tests need not wait.
/// </summary>
internal sealed class CallTimeout : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _caller;
    private readonly TimeSpan _firstToken;
    private readonly TimeSpan _stall;

    public CallTimeout(TimeSpan firstToken, TimeSpan stall, TimeProvider timeProvider, CancellationToken caller)
    {
        _firstToken = firstToken;
        _stall = stall;
        _caller = caller;
        _timeout = new CancellationTokenSource(firstToken, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timeout.Token);
    }

    /// <summary>Cancelled when the caller cancels or a wait runs out.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Which wait is running.</summary>
    public ParallelTimeoutKind Kind { get; private set; } = ParallelTimeoutKind.FirstToken;

    /// <summary>Whether one of the waits ran out (rather than the caller cancelling).</summary>
    public bool Expired => _timeout.IsCancellationRequested && !_caller.IsCancellationRequested;

    /// <summary>The answer has started: from now on only silence longer than the stall timeout fails the call.</summary>
    public void AnswerStarted()
    {
        Kind = ParallelTimeoutKind.Stall;
        Progress();
    }

    /// <summary>Something arrived: restarts the stall wait (no effect before the answer started).</summary>
    public void Progress()
    {
        if (Kind == ParallelTimeoutKind.Stall && !_timeout.IsCancellationRequested)
        {
            _timeout.CancelAfter(_stall);
        }
    }

    /// <summary>The exception that says which wait ran out.</summary>
    public ParallelTimeoutException CreateException(Exception inner)
    {
        TimeSpan limit = Kind == ParallelTimeoutKind.FirstToken ? _firstToken : _stall;
        string message = Kind == ParallelTimeoutKind.FirstToken
            ? $"The Parallel API did not start answering within the first-token timeout of {limit}."
            : $"The Parallel API stream went silent for longer than the stall timeout of {limit}.";
        return new ParallelTimeoutException(message, Kind, limit, innerException: inner);
    }

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
