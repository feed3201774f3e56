using System.Buffers;

namespace StructuredChat;

/// <summary>
/// Reads server-sent events (the WHATWG format: <c>data:</c>, <c>event:</c>, comments, LF/CR/CRLF line ends) from a
/// response body, in bounded memory: a line or an event's data longer than the limit is an error, where
/// <see cref="System.Net.ServerSentEvents.SseParser"/> would buffer it whole. It also tells the stall timer which bytes are
/// answer progress: bytes of <c>data:</c> lines of unnamed (<c>message</c>) events (and of the named content event, if
/// one is given) count, as they arrive and when the line is complete; comments and other named events such as
/// <c>event: ping</c> do not.
/// </summary>
/// <param name="stream">The response body.</param>
/// <param name="maxEventBytes">The longest line, and the most data of one event, in bytes.</param>
/// <param name="answerProgress">Called when bytes that may carry the answer arrive.</param>
/// <param name="contentEventName">A named event that carries the answer too (the Responses API's <c>response.output_text.delta</c>); none by default.</param>
internal sealed class SseReader(Stream stream, int maxEventBytes, Action answerProgress, byte[]? contentEventName = null) : IDisposable
{
    private const int ReadSize = 16 * 1024;

    private readonly PooledBufferWriter _data = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
    private int _start;
    private int _end;
    private bool _atStreamStart = true;
    private bool _skipLineFeed;
    private bool _endOfStream;
    private bool _hasData;
    private bool _named;
    private bool _quiet;
    private bool _unjudgedBytes;
    private bool _progressReported;

    /// <summary>The data of the event read last (its <c>data:</c> lines joined by <c>\n</c>); valid until the next read.</summary>
    public ReadOnlySpan<byte> Data => _data.WrittenSpan;

    /// <summary>Whether the event read last had an <c>event:</c> name other than <c>message</c>.</summary>
    public bool IsNamed { get; private set; }

    /// <summary>Reads up to the next event with data; false at the end of the stream (an unfinished event is dropped).</summary>
    /// <exception cref="ParallelLimitExceededException">A line or an event is longer than the limit.</exception>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            while (TryTakeLine(out int lineStart, out int lineLength))
            {
                if (ProcessLine(_buffer.AsSpan(lineStart, lineLength)))
                {
                    return true;
                }
            }

            // Judged once the complete lines before it are applied: an event: line read in the same piece decides
            // whether the data line now arriving is the answer's.
            if (_unjudgedBytes)
            {
                _unjudgedBytes = false;
                if (!_quiet && _end > _start && CouldBeDataLine(_buffer.AsSpan(_start, _end - _start)))
                {
                    ReportProgress();
                }
            }

            if (_endOfStream)
            {
                return false;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_end - _start > maxEventBytes)
        {
            throw LineTooLong();
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_buffer.Length - _end < ReadSize / 2)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _end + ReadSize));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _endOfStream = true;
            return;
        }

        if (_atStreamStart && _end + read >= 3)
        {
            _atStreamStart = false;
            if (_buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
            {
                _start = 3;
            }
        }

        _end += read;
        _unjudgedBytes = true;
        _progressReported = false;
    }

    /// <summary>Restarts the stall timer at most once per read from the stream: one read may hold hundreds of events.</summary>
    private void ReportProgress()
    {
        if (!_progressReported)
        {
            _progressReported = true;
            answerProgress();
        }
    }

    private bool TryTakeLine(out int lineStart, out int lineLength)
    {
        if (_skipLineFeed && _start < _end)
        {
            _skipLineFeed = false;
            if (_buffer[_start] == (byte)'\n')
            {
                _start++;
            }
        }

        ReadOnlySpan<byte> pending = _buffer.AsSpan(_start, _end - _start);
        int end = pending.IndexOfAny((byte)'\n', (byte)'\r');
        if (end < 0)
        {
            lineStart = lineLength = 0;
            return false;
        }

        if (end > maxEventBytes)
        {
            throw LineTooLong();
        }

        lineStart = _start;
        lineLength = end;
        _skipLineFeed = pending[end] == (byte)'\r';
        _start += end + 1;
        return true;
    }

    /// <summary>Applies one line; true when it ends an event that has data.</summary>
    private bool ProcessLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            bool dispatch = _hasData;
            IsNamed = _named;
            _hasData = false;
            _named = false;
            _quiet = false;
            return dispatch;
        }

        if (line[0] == (byte)':')
        {
            return false;
        }

        int colon = line.IndexOf((byte)':');
        ReadOnlySpan<byte> field = colon < 0 ? line : line[..colon];
        ReadOnlySpan<byte> value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual("data"u8))
        {
            if (!_hasData)
            {
                _data.Clear();
            }
            else
            {
                _data.GetSpan(1)[0] = (byte)'\n';
                _data.Advance(1);
            }

            if (_data.WrittenSpan.Length + value.Length > maxEventBytes)
            {
                throw LineTooLong();
            }

            value.CopyTo(_data.GetSpan(value.Length));
            _data.Advance(value.Length);
            _hasData = true;
            if (!_quiet)
            {
                ReportProgress();
            }
        }
        else if (field.SequenceEqual("event"u8))
        {
            _named = !value.IsEmpty && !value.SequenceEqual("message"u8);
            _quiet = _named && !(contentEventName is not null && value.SequenceEqual(contentEventName));
        }

        // id and retry mean nothing to a one-shot answer; unknown fields are ignored, as the format says.
        return false;
    }

    /// <summary>Whether the line now arriving may be a <c>data:</c> line (its first bytes are not yet all there).</summary>
    private static bool CouldBeDataLine(ReadOnlySpan<byte> pendingLine)
    {
        ReadOnlySpan<byte> data = "data"u8;
        int compared = Math.Min(pendingLine.Length, data.Length);
        return pendingLine[..compared].SequenceEqual(data[..compared]);
    }

    private ParallelLimitExceededException LineTooLong() => new(
        $"The event stream sent a line or event longer than the limit of {maxEventBytes} bytes (ParallelChatClientOptions.MaxEventBytes); the connection was released.",
        ParallelLimitKind.EventBytes,
        maxEventBytes,
        null);

    public void Dispose()
    {
        _data.Dispose();
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
