using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StructuredChat.Client.Tests;

/// <summary>A request as the raw server received it: every header line exactly as sent.</summary>
internal sealed record RawRequest(string RequestLine, IReadOnlyList<string> HeaderLines, string Body)
{
    /// <summary>Whether any header line (name or value) contains <paramref name="text"/>.</summary>
    public bool AnyHeaderContains(string text) => HeaderLines.Any(h => h.Contains(text, StringComparison.Ordinal));
}

/// <summary>
/// An HTTP/1.1 server written on a raw <see cref="TcpListener"/> at 127.0.0.1, so that a test can answer as a hostile
/// or broken server would: any status line and headers, bodies that never end, lines without a newline, bytes one
/// at a time. It records every request and notices when the client lets go of a connection.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<HostileExchange, Task> _respond;
    private readonly Task _accepting;

    private HostileServer(Func<HostileExchange, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Starts a server that answers each request with <paramref name="respond"/>, then closes the connection.</summary>
    public static HostileServer Start(Func<HostileExchange, Task> respond) => new(respond);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    /// <summary>Completed when a response the server was still writing was cut off by the client (the connection released).</summary>
    public TaskCompletionSource ClientLetGo { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The first exception a response script threw other than the client letting go (fails the test that awaits it).</summary>
    public TaskCompletionSource<Exception> ScriptFailed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            NetworkStream stream = client.GetStream();
            try
            {
                RawRequest request = await ReadRequestAsync(stream, _stop.Token);
                Requests.Enqueue(request);
                await _respond(new HostileExchange(stream, request, _stop.Token));
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                ClientLetGo.TrySetResult();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // The test is over.
            }
            catch (Exception e)
            {
                ScriptFailed.TrySetResult(e);
            }
        }
    }

    private static async Task<RawRequest> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("The client closed the connection before the request head ended.");
            }

            head.Add(one[0]);
        }

        string[] lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string[] headers = lines[1..];
        int length = headers
            .Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.Parse(h["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        byte[] body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return new RawRequest(lines[0], headers, Encoding.UTF8.GetString(body));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

/// <summary>One request being answered: write the response byte by byte if need be.</summary>
internal sealed class HostileExchange(NetworkStream stream, RawRequest request, CancellationToken stop)
{
    public RawRequest Request => request;

    /// <summary>Writes a status line and headers (and <c>Connection: close</c>: the body ends when the connection does).</summary>
    public Task WriteHeadAsync(int status, string contentType, params string[] headerLines)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} Whatever\r\nContent-Type: {contentType}\r\nConnection: close\r\n");
        foreach (string line in headerLines)
        {
            head.Append(line).Append("\r\n");
        }

        return WriteAsync(head.Append("\r\n").ToString());
    }

    public async Task WriteAsync(string text)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), stop);
        await stream.FlushAsync(stop);
    }

    /// <summary>Writes the pieces <paramref name="next"/> makes, forever: only the client letting go ends it.</summary>
    public async Task WriteForeverAsync(Func<long, string> next)
    {
        for (long i = 0; ; i++)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(next(i)), stop);
        }
    }
}
