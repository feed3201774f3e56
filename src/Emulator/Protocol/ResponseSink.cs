using Microsoft.AspNetCore.Http;

namespace StructuredChat.Emulator.Protocol;

/// <summary>Thrown (and caught by the endpoint) once a drop fault has aborted the connection.</summary>
internal sealed class ConnectionDroppedException : Exception
{
    public ConnectionDroppedException()
        : base("The emulator dropped the connection on purpose.")
    {
    }
}

/// <summary>Writes the response body and, for a drop fault, aborts the connection after exactly N bytes.</summary>
internal sealed class ResponseSink(HttpContext context, long? dropAfterBytes)
{
    private static readonly TimeSpan TransportGrace = TimeSpan.FromMilliseconds(250);

    private long _written;

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var body = context.Response.Body;
        if (dropAfterBytes is long limit && _written + data.Length >= limit)
        {
            await body.WriteAsync(data[..(int)(limit - _written)], cancellationToken);
            await DropAsync(cancellationToken);
        }

        await body.WriteAsync(data, cancellationToken);
        _written += data.Length;
    }

    public Task FlushAsync(CancellationToken cancellationToken) => context.Response.Body.FlushAsync(cancellationToken);

    /// <summary>Ends the body; with a drop fault still pending (the body was shorter than N), drops it now.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (dropAfterBytes is not null)
        {
            await DropAsync(cancellationToken);
        }

        await context.Response.CompleteAsync();
    }

    private async Task DropAsync(CancellationToken cancellationToken)
    {
        await context.Response.Body.FlushAsync(cancellationToken);

        // Kestrel's Abort discards output its socket loop has not sent yet, even after a completed flush; give the
        // bytes a moment of real time (not the emulator's clock, which a test may have frozen) to leave.
        await Task.Delay(TransportGrace, cancellationToken);
        context.Abort();
        throw new ConnectionDroppedException();
    }
}
