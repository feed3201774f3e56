namespace StructuredChat.Client.Tests;

/// <summary>
/// The stall timer records progress instead of moving a timer per event; these pin what that must not change: it fires
/// only after a whole stall timeout without progress, never early, and progress keeps it off indefinitely.
/// </summary>
public sealed class CallTimeoutTests
{
    private static readonly TimeSpan Stall = TimeSpan.FromMilliseconds(800);

    [Fact]
    public void Progress_too_soon_to_move_the_timer_still_counts_when_it_fires()
    {
        var time = new ManualTimeProvider { AutoFireUpTo = TimeSpan.Zero };
        using var timeout = new CallTimeout(TimeSpan.FromMinutes(1), Stall, TimeSpan.FromHours(1), time, CancellationToken.None);
        timeout.StartTry();
        timeout.AnswerStarted();

        time.Advance(TimeSpan.FromMilliseconds(50));
        timeout.Progress();                               // within an eighth of the stall: recorded, the timer not moved
        time.Advance(TimeSpan.FromMilliseconds(750));     // the timer fires 800 ms after the start, 750 ms after progress

        Assert.False(timeout.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.False(timeout.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromMilliseconds(1));       // a whole stall timeout after the last progress
        Assert.True(timeout.Token.IsCancellationRequested);
        Assert.Equal(ParallelTimeoutKind.Stall, timeout.CreateException(new OperationCanceledException()).Kind);
    }

    [Fact]
    public void Steady_progress_keeps_the_stall_timer_off_for_as_long_as_it_comes()
    {
        var time = new ManualTimeProvider { AutoFireUpTo = TimeSpan.Zero };
        using var timeout = new CallTimeout(TimeSpan.FromMinutes(1), Stall, TimeSpan.FromHours(1), time, CancellationToken.None);
        timeout.StartTry();
        timeout.AnswerStarted();

        for (int i = 0; i < 200; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(30 + (i % 7 * 100)));   // gaps of 30 to 630 ms, some shorter than an eighth
            timeout.Progress();
        }

        Assert.False(timeout.Token.IsCancellationRequested);
        time.Advance(Stall);
        Assert.True(timeout.Token.IsCancellationRequested);
    }
}
