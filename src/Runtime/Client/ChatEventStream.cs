using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace StructuredChat;

/// <summary>
/// Reads one streamed answer: server-sent events parsed by <see cref="SseParser"/>, each <c>data:</c> payload read
/// straight from the event bytes by a <see cref="ChatEnvelopeReader"/>. Ends at EOF or <c>[DONE]</c>; comments and
/// events with other names are skipped. Owns the response and disposes it (releasing the connection).
/// </summary>
internal sealed class ChatEventStream : IAsyncDisposable
{
    private enum EventKind
    {
        Skipped = 0,
        Completion = 1,
        Done = 2,
        Error = 3,
        Malformed = 4,
    }

    private readonly HttpResponseMessage _response;
    private readonly CallTimeout _timeout;
    private readonly ChatEnvelopeReader _envelope = new();
    private readonly string _apiKey;
    private IAsyncEnumerator<SseItem<EventKind>>? _events;
    private byte[]? _badEvent;
    private Exception? _badEventError;
    private bool _finished;

    private ChatEventStream(HttpResponseMessage response, CallTimeout timeout, string apiKey)
    {
        _response = response;
        _timeout = timeout;
        _apiKey = apiKey;
    }

    /// <summary>Starts reading <paramref name="response"/>'s body; the stream owns both arguments from now on.</summary>
    public static async Task<ChatEventStream> OpenAsync(HttpResponseMessage response, CallTimeout timeout, string apiKey, CancellationToken cancellationToken)
    {
        var events = new ChatEventStream(response, timeout, apiKey);
        try
        {
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            events._events = SseParser.Create<EventKind>(body, events.ParseEvent).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            return events;
        }
        catch
        {
            await events.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The envelope state: the last chunk's content, the refusal, basis and interaction id so far.</summary>
    public ChatEnvelopeReader Envelope => _envelope;

    /// <summary>The timeouts of this try.</summary>
    public CallTimeout Timeout => _timeout;

    /// <summary>
    /// Reads up to the next chunk with content (then in <see cref="ChatEnvelopeReader.Content"/>, valid until the
    /// next call); false at the end of the stream. Throws the typed error of an error event, a
    /// <see cref="ParallelTimeoutException"/> when a wait runs out, and lets connection failures through as they are.
    /// </summary>
    public async ValueTask<bool> ReadAsync(CancellationToken callerToken)
    {
        if (_finished)
        {
            return false;
        }

        try
        {
            while (await _events!.MoveNextAsync().ConfigureAwait(false))
            {
                _timeout.Progress();
                switch (_events.Current.Data)
                {
                    case EventKind.Done:
                        _finished = true;
                        return false;
                    case EventKind.Error:
                        throw ParallelErrors.FromStreamEvent(_badEvent, _apiKey);
                    case EventKind.Malformed:
                        throw new ParallelResponseFormatException(
                            "The Parallel API sent a stream event that is not a chat completion chunk: " + _badEventError?.Message,
                            "",
                            ParallelErrors.Redact(Encoding.UTF8.GetString(_badEvent ?? []), _apiKey)!,
                            _badEventError);
                    case EventKind.Completion when _envelope.Content.Length > 0:
                        if (_timeout.Kind == ParallelTimeoutKind.FirstToken)
                        {
                            _timeout.AnswerStarted();
                        }

                        return true;
                }
            }
        }
        catch (OperationCanceledException e) when (!callerToken.IsCancellationRequested && _timeout.Expired)
        {
            throw _timeout.CreateException(e);
        }
        catch (OperationCanceledException e) when (callerToken.IsCancellationRequested && e.CancellationToken != callerToken)
        {
            throw new OperationCanceledException(e.Message, e, callerToken);
        }

        _finished = true;
        return false;
    }

    private EventKind ParseEvent(string eventType, ReadOnlySpan<byte> data)
    {
        if (eventType != SseParser.EventTypeDefault)
        {
            return EventKind.Skipped;
        }

        data = data.Trim(" \t\r\n"u8);
        if (data.IsEmpty)
        {
            return EventKind.Skipped;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            return EventKind.Done;
        }

        try
        {
            if (_envelope.Read(data) == EnvelopeKind.Completion)
            {
                return EventKind.Completion;
            }

            _badEvent = data.ToArray();
            return EventKind.Error;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            _badEvent = data.ToArray();
            _badEventError = e;
            return EventKind.Malformed;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_events is not null)
        {
            try
            {
                await _events.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
            {
                // The connection is being released anyway.
            }
        }

        _response.Dispose();
        _timeout.Dispose();
        _envelope.Dispose();
    }
}
