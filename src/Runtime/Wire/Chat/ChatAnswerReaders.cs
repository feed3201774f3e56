using System.Text;
using System.Text.Json;

namespace StructuredChat;

/// <summary>
/// What both ways of reading a chat completion share: the response they own (disposing releases the connection),
/// the <see cref="ChatEnvelopeReader"/> that keeps content, refusal, basis and ids, and the typed errors of an
/// error envelope or a malformed one.
/// </summary>
internal abstract class ChatAnswerReader(HttpResponseMessage response, AnswerReadContext context) : IAnswerEvents
{
    private readonly ChatEnvelopeReader _envelope = new();

    protected HttpResponseMessage Response => response;

    protected AnswerReadContext Context => context;

    public abstract bool IsEventStream { get; }

    public ReadOnlySpan<byte> Content => _envelope.Content;

    public AnswerTrailer Trailer => _envelope.Trailer;

    public abstract ValueTask<bool> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Reads one envelope; an error envelope and a malformed one are thrown as their typed errors.</summary>
    /// <param name="utf8">The envelope's JSON.</param>
    /// <param name="what">What it is, for the message (<c>stream event</c>, <c>response</c>).</param>
    protected void ReadEnvelope(ReadOnlySpan<byte> utf8, string what)
    {
        EnvelopeKind kind;
        try
        {
            kind = _envelope.Read(utf8);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ParallelResponseFormatException(
                $"The Parallel API's {what} is not a chat completion: {e.Message}",
                "",
                context.Redactor.Redact(Encoding.UTF8.GetString(utf8))!,
                e);
        }

        if (kind == EnvelopeKind.Error)
        {
            throw ParallelErrors.FromStreamEvent(utf8, context.Redactor);
        }
    }

    public virtual ValueTask DisposeAsync()
    {
        response.Dispose();
        _envelope.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Reads a streamed chat completion: events from an <see cref="SseReader"/>, each <c>data:</c> payload read straight
/// from the event bytes. Ends at EOF or <c>[DONE]</c>; comments, named events (<c>event: ping</c>) and chunks without
/// content are skipped.
/// </summary>
internal sealed class ChatEventReader(HttpResponseMessage response, AnswerReadContext context) : ChatAnswerReader(response, context)
{
    private SseReader? _events;
    private bool _finished;

    public override bool IsEventStream => true;

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return false;
        }

        if (_events is null)
        {
            Stream body = await Response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            _events = new SseReader(body, Context.Limits.MaxEventBytes, Context.AnswerProgress);
        }

        while (await _events.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ReadOnlySpan<byte> data = _events.Data.Trim(" \t\r\n"u8);
            if (_events.IsNamed || data.IsEmpty)
            {
                continue;
            }

            if (data.SequenceEqual("[DONE]"u8))
            {
                break;
            }

            ReadEnvelope(data, "stream event");
            if (Content.Length > 0)
            {
                return true;
            }
        }

        _finished = true;
        return false;
    }

    public override ValueTask DisposeAsync()
    {
        _events?.Dispose();
        return base.DisposeAsync();
    }
}

/// <summary>
/// Reads a whole (non-streamed) chat completion: the body, up to the size limit, as one envelope whose
/// <c>message</c> (or <c>delta</c>) content is the single piece of the answer.
/// </summary>
internal sealed class ChatBodyReader(HttpResponseMessage response, AnswerReadContext context) : ChatAnswerReader(response, context)
{
    private bool _read;

    public override bool IsEventStream => false;

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (_read)
        {
            return false;
        }

        _read = true;
        using PooledBufferWriter body = new();
        await BoundedBody.ReadAnswerAsync(Response.Content, body, Context, cancellationToken).ConfigureAwait(false);

        ReadEnvelope(body.WrittenSpan, "response");
        return Content.Length > 0;
    }
}
