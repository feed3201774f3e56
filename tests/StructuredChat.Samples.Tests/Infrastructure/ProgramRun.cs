using System.Diagnostics;
using System.Text;

namespace StructuredChat.Samples.Tests.Infrastructure;

/// <summary>A program run as a child process with redirected output (so samples print plain lines) and a deadline.</summary>
internal sealed class ProgramRun : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource Seen)> _watches = [];

    private ProgramRun(ProcessStartInfo start)
    {
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdout, _stdoutClosed);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderr, _stderrClosed);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The longest a sample may run in a test.</summary>
    public static TimeSpan Deadline { get; } = TimeSpan.FromSeconds(90);

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet {dll} {args}</c>; <paramref name="environment"/> sets variables, a null value removes one.</summary>
    public static ProgramRun Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        StartProcess("dotnet", [dll, .. args], environment, workingDirectory);

    public static ProgramRun StartProcess(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment, string? workingDirectory)
    {
        Assert.True(fileName == "dotnet" || File.Exists(fileName), $"{fileName} does not exist; build the solution first.");
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A developer's real key must not turn a test into a call to the real API.
        start.Environment.Remove("PARALLEL_API_KEY");
        start.Environment.Remove("PARALLEL_BASE_URL");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return new ProgramRun(start);
    }

    /// <summary>Runs a program to its end and returns its exit code, failing the test past the deadline.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string dll, params string[] args)
    {
        using var run = Start(dll, args);
        var exitCode = await run.WaitForExitAsync();
        return (exitCode, run.Stdout, run.Stderr);
    }

    /// <summary>Completes when a line of standard output matches <paramref name="predicate"/>; fails past the deadline.</summary>
    public async Task WaitForLineAsync(Func<string, bool> predicate)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stdout)
        {
            if (_stdout.ToString().Split('\n').Any(predicate))
            {
                return;
            }

            _watches.Add((predicate, seen));
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(seen.Task, exited).WaitAsync(Deadline);
        Assert.True(first == seen.Task, $"The program ended before printing the awaited line.\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
    }

    /// <summary>Waits for the program to end (and its output to be read); kills it and fails the test past the deadline.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? deadline = null)
    {
        var limit = deadline ?? Deadline;
        try
        {
            await _process.WaitForExitAsync().WaitAsync(limit);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} did not end within {limit.TotalSeconds} s.\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends SIGINT, what Ctrl+C sends on a terminal.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(Deadline);
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void OnLine(string? line, StringBuilder into, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (into)
        {
            into.Append(line).Append('\n');
            if (into == _stdout)
            {
                foreach (var watch in _watches.Where(w => w.Predicate(line)).ToList())
                {
                    watch.Seen.TrySetResult();
                    _watches.Remove(watch);
                }
            }
        }
    }
}
