using System.Text;
using System.Threading.Channels;

namespace StructuredChat.Client.Tests;

/// <summary>
/// A response body the test hands out piece by piece. A read that asks for more means the client has dealt with
/// everything before it, so a test can move a fake clock knowing exactly what the client has seen.
/// </summary>
internal sealed class LockstepStream : Stream
{
    private readonly Channel<byte[]> _pieces = Channel.CreateUnbounded<byte[]>();
    private readonly SemaphoreSlim _readAsked = new(0);

    /// <summary>Completes once the client asks for the next piece (it has processed the previous ones).</summary>
    public Task WaitForReadAsync() => _readAsked.WaitAsync(Clients.Deadline).ContinueWith(t => Assert.True(t.Result, "the client did not ask for more"), TaskScheduler.Default);

    public void Send(string text) => Assert.True(_pieces.Writer.TryWrite(Encoding.UTF8.GetBytes(text)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _readAsked.Release();
        byte[] piece = await _pieces.Reader.ReadAsync(cancellationToken);
        Assert.True(piece.Length <= buffer.Length, "pieces are small");
        piece.CopyTo(buffer);
        return piece.Length;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("reads are asynchronous");

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => 0; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
