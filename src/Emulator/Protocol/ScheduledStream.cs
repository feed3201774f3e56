using Microsoft.AspNetCore.Http;

namespace StructuredChat.Emulator.Protocol;

/// <summary>One SSE frame and when it is due, counted from the start of the stream.</summary>
internal readonly record struct Frame(TimeSpan Due, byte[] Bytes);

/// <summary>
/// An event stream decided before its first byte: its frames, each due at an offset from the start, and where a
/// fault lands. Both APIs write their streams through <see cref="WriteAsync"/>, so timing and faults behave alike.
/// </summary>
internal sealed class ScheduledStream
{
    public required IReadOnlyList<Frame> Frames { get; init; }

    /// <summary>The frame before which a mid-stream fault happens; <c>Frames.Count</c> means after the last frame.</summary>
    public required int FaultIndex { get; init; }

    /// <summary>What a <see cref="EmulatorFaultKind.MalformedChunk"/> fault inserts: a frame whose JSON is cut short.</summary>
    public required byte[] MalformedFrame { get; init; }

    /// <summary>What a <see cref="EmulatorFaultKind.MidStreamError"/> fault writes before the stream ends.</summary>
    public required byte[] ErrorFrame { get; init; }

    /// <summary>Written after the last frame, e.g. <c>data: [DONE]</c>; <see langword="null"/> for none.</summary>
    public byte[]? Trailer { get; init; }

    /// <summary><c>data: {payload}</c> and a blank line.</summary>
    public static byte[] Data(ReadOnlySpan<byte> payload) => [.. "data: "u8, .. payload, .. "\n\n"u8];

    /// <summary><c>event: {name}</c>, <c>data: {payload}</c> and a blank line.</summary>
    public static byte[] Event(string name, ReadOnlySpan<byte> payload) =>
        [.. "event: "u8, .. System.Text.Encoding.UTF8.GetBytes(name), .. "\n"u8, .. Data(payload)];

    public async Task WriteAsync(HttpContext context, ResponseSink sink, EmulatorFault? fault, EndpointPipeline pipeline, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(cancellationToken);

        // Frames go out on a schedule (start + due) so timer slack does not add up.
        var start = pipeline.Time.GetUtcNow();
        for (var i = 0; i <= Frames.Count; i++)
        {
            if (i == FaultIndex)
            {
                if (fault?.Kind == EmulatorFaultKind.Stall)
                {
                    // The pause shifts the rest of the schedule: after it, frames come at the usual pace again.
                    await pipeline.DelayAsync(fault.Duration, cancellationToken);
                    start += fault.Duration;
                }
                else if (fault?.Kind == EmulatorFaultKind.MalformedChunk)
                {
                    await WriteFrameAsync(sink, MalformedFrame, cancellationToken);
                }
                else if (fault?.Kind == EmulatorFaultKind.MidStreamError)
                {
                    await WriteFrameAsync(sink, ErrorFrame, cancellationToken);
                    await sink.CompleteAsync(cancellationToken);
                    return;
                }
            }

            if (i < Frames.Count)
            {
                await pipeline.DelayAsync(start + Frames[i].Due - pipeline.Time.GetUtcNow(), cancellationToken);
                await WriteFrameAsync(sink, Frames[i].Bytes, cancellationToken);
            }
        }

        if (Trailer is not null)
        {
            await WriteFrameAsync(sink, Trailer, cancellationToken);
        }

        await sink.CompleteAsync(cancellationToken);
    }

    private static async Task WriteFrameAsync(ResponseSink sink, byte[] frame, CancellationToken cancellationToken)
    {
        await sink.WriteAsync(frame, cancellationToken);
        await sink.FlushAsync(cancellationToken);
    }
}
