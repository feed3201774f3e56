using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace StructuredChat.Client.Tests;

/// <summary>A request as the in-memory server saw it.</summary>
internal sealed record CapturedRequest(HttpMethod Method, Uri Uri, HttpRequestHeaders Headers, string Body);

/// <summary>An in-memory <see cref="HttpMessageHandler"/> that answers each request with the next scripted response.</summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<CancellationToken, Task<HttpResponseMessage>>> _script = new();

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    /// <summary>Released once per request received.</summary>
    public SemaphoreSlim Arrived { get; } = new(0);

    /// <summary>Every response body handed out, to check that each was released.</summary>
    public ConcurrentQueue<TrackedStream> Bodies { get; } = new();

    public ScriptedHandler Enqueue(Func<CancellationToken, Task<HttpResponseMessage>> respond)
    {
        _script.Enqueue(respond);
        return this;
    }

    public ScriptedHandler Enqueue(HttpStatusCode status, string body, string contentType = "application/json", Action<HttpResponseMessage>? configure = null) =>
        Enqueue(_ =>
        {
            HttpResponseMessage response = Respond(status, new TrackedStream(Encoding.UTF8.GetBytes(body)), contentType);
            configure?.Invoke(response);
            return Task.FromResult(response);
        });

    /// <summary>Streams <paramref name="sse"/> in reads of at most <paramref name="readSize"/> bytes.</summary>
    public ScriptedHandler EnqueueStream(byte[] sse, int readSize = 7) =>
        Enqueue(_ => Task.FromResult(Respond(HttpStatusCode.OK, new TrackedStream(sse, readSize), "text/event-stream")));

    public ScriptedHandler EnqueueStream(TrackedStream body) =>
        Enqueue(_ => Task.FromResult(Respond(HttpStatusCode.OK, body, "text/event-stream")));

    public ScriptedHandler EnqueueStream(string sse, int readSize = 7) => EnqueueStream(Encoding.UTF8.GetBytes(sse), readSize);

    public ScriptedHandler EnqueueConnectionFailure() =>
        Enqueue(_ => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (127.0.0.1:9)", new IOException("refused"))));

    public HttpResponseMessage Respond(HttpStatusCode status, TrackedStream body, string contentType)
    {
        Bodies.Enqueue(body);
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new HttpResponseMessage(status) { Content = content };
    }

    public bool AllBodiesReleased => Bodies.All(b => b.IsDisposed);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue(new CapturedRequest(request.Method, request.RequestUri!, request.Headers, body));
        Arrived.Release();
        if (!_script.TryDequeue(out Func<CancellationToken, Task<HttpResponseMessage>>? respond))
        {
            throw new InvalidOperationException("No scripted response left for request " + Requests.Count);
        }

        return await respond(cancellationToken);
    }
}

/// <summary>
/// A response body that hands out its bytes in small reads, can fail after some bytes (a dropped connection) or
/// block (a stall), and records whether the client released it.
/// </summary>
internal sealed class TrackedStream(byte[] data, int readSize = int.MaxValue) : Stream
{
    private int _position;

    /// <summary>After this many bytes, reads throw <see cref="IOException"/> (a dropped connection).</summary>
    public int? FailAfter { get; init; }

    /// <summary>After this many bytes, reads wait until cancelled (a stall).</summary>
    public int? StallAfter { get; init; }

    /// <summary>Completed when a read starts stalling.</summary>
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsDisposed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (StallAfter is { } stall && _position >= stall)
        {
            Stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (FailAfter is { } fail && _position >= fail)
        {
            throw new IOException("The response ended prematurely (connection reset by peer).");
        }

        int limit = Math.Min(readSize, data.Length - _position);
        limit = Math.Min(limit, (FailAfter ?? int.MaxValue) - _position);
        limit = Math.Min(limit, (StallAfter ?? int.MaxValue) - _position);
        int count = Math.Min(buffer.Length, Math.Max(limit, 0));
        data.AsSpan(_position, count).CopyTo(buffer.Span);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
