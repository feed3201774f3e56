namespace Samples.Shared;

/// <summary>Turns Ctrl+C into a cancellation, so the program can stop cleanly instead of being killed.</summary>
internal sealed class CtrlC : IDisposable
{
    /// <summary>The exit code of a program stopped by Ctrl+C (128 + SIGINT), as shells expect.</summary>
    public const int ExitCode = 130;

    private readonly CancellationTokenSource _source = new();

    public CtrlC() => Console.CancelKeyPress += OnCancelKeyPress;

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _source.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        // Keep the process alive; the cancelled token unwinds it.
        e.Cancel = true;
        _source.Cancel();
    }
}
