namespace Enrichment;

/// <summary>
/// The batch's progress: on a terminal, a bar redrawn in place with the rows done, failed, in flight and waiting for
/// a rate-limit permit; when the output is redirected, a plain line every five rows.
/// </summary>
internal sealed class Progress
{
    private const int BarWidth = 25;

    private readonly int _total;
    private readonly RecordingRateLimiter _limiter;
    private readonly bool _inPlace;
    private readonly Lock _lock = new();
    private readonly Timer? _redraw;
    private int _done;
    private int _failed;

    private Progress(int total, RecordingRateLimiter limiter, bool inPlace)
    {
        _total = total;
        _limiter = limiter;
        _inPlace = inPlace;
        if (inPlace)
        {
            // Redraw on a timer too: the waiting count changes while no row completes.
            _redraw = new Timer(_ => Draw(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        }
    }

    public static Progress ForConsole(int total, RecordingRateLimiter limiter) => new(total, limiter, !Console.IsOutputRedirected);

    public void RowDone(bool succeeded)
    {
        lock (_lock)
        {
            _done++;
            _failed += succeeded ? 0 : 1;
            if (!_inPlace && (_done % 5 == 0 || _done == _total))
            {
                Console.WriteLine($"  {_done}/{_total} rows done");
            }
        }

        Draw();
    }

    public void Finish()
    {
        _redraw?.Dispose();
        Draw();
        if (_inPlace)
        {
            Console.WriteLine();
        }
    }

    private void Draw()
    {
        if (!_inPlace)
        {
            return;
        }

        lock (_lock)
        {
            var waiting = _limiter.Waiting;
            var inFlight = _total - _done - waiting;
            var filled = _done * BarWidth / _total;
            Console.Write($"\r  [{new string('#', filled)}{new string('.', BarWidth - filled)}] {_done}/{_total} done, {_failed} failed, {inFlight} in flight, {waiting} waiting for a permit\e[K");
        }
    }
}
