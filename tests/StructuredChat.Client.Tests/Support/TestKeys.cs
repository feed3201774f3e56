using Microsoft.Extensions.Logging;

namespace StructuredChat.Client.Tests;

/// <summary>The distinctive key every test uses, and the checks that it never leaks.</summary>
internal static class TestKeys
{
    public const string ApiKey = "sk-clienttest-7Qx9Zr2Lw8Kd4Vb1";

    /// <summary>Every log line written by any client in this run.</summary>
    public static readonly CapturingLogger Log = new();

    public static void AssertNoKey(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(ApiKey, e.ToString(), StringComparison.Ordinal);
            if (e is ParallelException parallel)
            {
                Assert.DoesNotContain(ApiKey, parallel.RawBody ?? "", StringComparison.Ordinal);
            }
        }
    }

    public static void AssertNoKeyInLog()
    {
        foreach (string line in Log.Lines)
        {
            Assert.DoesNotContain(ApiKey, line, StringComparison.Ordinal);
        }
    }
}

internal sealed class CapturingLogger : ILogger
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        _lines.Enqueue($"{logLevel} {formatter(state, exception)} {exception}");
    }
}
