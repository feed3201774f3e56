using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace StructuredChat;

/// <summary>One request of a call: where it goes, its body (owned, returned to the pool at the end), and how it is read.</summary>
/// <param name="Endpoint">The endpoint: its URL and its response reader.</param>
/// <param name="Body">The request body, written by the endpoint's request writer.</param>
/// <param name="Stream">Whether the body asks for server-sent events.</param>
/// <param name="Model">The model (its timeouts and deadline apply).</param>
internal sealed record ApiCall(IApiEndpoint Endpoint, PooledBufferWriter Body, bool Stream, ParallelModel Model)
{
    /// <summary>The conversation asked (recorded in telemetry only when sensitive data is enabled).</summary>
    public ParallelChatRequest? Request { get; init; }

    /// <summary>What the answer is, in the telemetry conventions' words: <c>text</c> or <c>json</c>.</summary>
    public string OutputType { get; init; } = "text";

    /// <summary>The call's span and metrics; started with the call's first try.</summary>
    public CallTelemetry? Telemetry { get; set; }
}

/// <summary>
/// The one loop every call runs, whatever its endpoint and answer: take a permit, send, read the answer into an
/// <see cref="IAnswer{TUpdate}"/>, and retry transient failures until the first update has reached the caller, never
/// after. Timeouts, the call deadline, the answer-size limit and the key redaction of failures live here too.
/// </summary>
internal sealed class CallRunner(ApiTransport transport)
{
    private ParallelChatClientOptions Options => transport.Options;

    private ILogger Logger => transport.Logger;

    /// <summary>A whole answer: the loop's last update.</summary>
    public async Task<TResult> AskAsync<TResult>(ApiCall call, IAnswer<TResult> answer, CancellationToken cancellationToken)
    {
        TResult? last = default;
        await foreach (TResult update in RunAsync(call, answer, cancellationToken).ConfigureAwait(false))
        {
            last = update;
        }

        return last!;
    }

    /// <summary>The updates of one call: those <paramref name="answer"/> gives while content arrives, then its last one.</summary>
    public async IAsyncEnumerable<TUpdate> RunAsync<TUpdate>(ApiCall call, IAnswer<TUpdate> answer, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using PooledBufferWriter body = call.Body;
        using var timeout = new CallTimeout(
            Options.FirstTokenTimeoutFor(call.Model),
            Options.StallTimeout,
            Options.CallDeadlineFor(call.Model),
            Options.TimeProvider,
            cancellationToken);
        using CallTelemetry telemetry = call.Telemetry = CallTelemetry.Start(call, Options, transport.Redactor);
        var context = new AnswerReadContext(transport.Limits, transport.Redactor, timeout.Progress);
        int failedTries = 0;
        bool handedToCaller = false;
        while (true)
        {
            answer.Reset();
            IAnswerEvents? events = null;
            Exception? failure = null;
            TimeSpan? retryAfter = null;
            try
            {
                // The try's own wait starts once it has a permit: a queue at the rate limit is bounded by the deadline only.
                await transport.AcquirePermitAsync(timeout.Token).ConfigureAwait(false);
                timeout.StartTry();
                ClientLog.Sending(Logger, call.Stream ? "streaming" : "non-streaming", call.Endpoint.Url, call.Model.Name, failedTries + 1);
                SendResult sent = await transport.SendAsync(call.Endpoint.Url, body.WrittenMemory, call.Stream, timeout.Token).ConfigureAwait(false);
                (failure, retryAfter) = (sent.Failure, sent.RetryAfter);
                events = sent.Response is { } response ? call.Endpoint.Open(response, context) : null;
            }
            catch (Exception e)
            {
                failure = Classify(e, timeout, cancellationToken);
            }

            if (events is not null)
            {
                await using (events.ConfigureAwait(false))
                {
                    if (!events.IsEventStream)
                    {
                        timeout.AnswerStarted();
                    }

                    long answerBytes = 0;
                    while (true)
                    {
                        bool more;
                        try
                        {
                            more = await events.ReadAsync(timeout.Token).ConfigureAwait(false);
                        }
                        catch (Exception e)
                        {
                            failure = Classify(e, timeout, cancellationToken);
                            break;
                        }

                        if (!more)
                        {
                            break;
                        }

                        ReadOnlySpan<byte> content = events.Content;
                        answerBytes += content.Length;
                        if (answerBytes > transport.Limits.MaxAnswerBytes)
                        {
                            throw Final(AnswerTooLarge(answer, content[..(int)(content.Length - (answerBytes - transport.Limits.MaxAnswerBytes))]), call);
                        }

                        if (timeout.Kind == ParallelTimeoutKind.FirstToken)
                        {
                            timeout.AnswerStarted();
                            telemetry.FirstChunk();
                        }
                        else
                        {
                            timeout.Progress();
                        }

                        TUpdate? update;
                        bool changed;
                        try
                        {
                            changed = answer.Append(content, out update);
                        }
                        catch (ParallelException e)
                        {
                            throw Final(e, call);
                        }

                        if (changed)
                        {
                            handedToCaller = true;
                            yield return update!;
                        }
                    }

                    if (failure is null)
                    {
                        TUpdate last = Finish(answer, events.Trailer, call);
                        telemetry.Succeeded(events.Trailer.InteractionId, telemetry.RecordsContent ? answer.RawText : null, events.Trailer.Responses?.Usage);
                        yield return last;
                        yield break;
                    }
                }
            }

            failedTries++;
            if (handedToCaller || !IsTransient(failure!) || failedTries > Options.Retry.MaxRetries)
            {
                throw Final(failure!, call, answer.RawText is { Length: > 0 } partial ? partial : null);
            }

            await WaitBeforeRetryAsync(failure!, failedTries, retryAfter, timeout, call, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether <paramref name="failure"/> is transient: 408, 409, 429, 5xx or a connection failure.</summary>
    public static bool IsTransient(Exception failure) => failure switch
    {
        ParallelApiException { StatusCode: 408 or 409 or 429 or >= 500 } => true,
        ParallelTimeoutException { StatusCode: 408 } => true,
        HttpRequestException { StatusCode: null } => true,
        IOException => true,
        _ => false,
    };

    /// <summary>
    /// What a try's exception means: a timeout that ran out becomes its typed error; a connection failure or a typed
    /// error stays a failure (retried or not by the loop). The caller's cancellation is rethrown with the caller's
    /// token, and anything else (a bug) is rethrown as it is.
    /// </summary>
    private static Exception Classify(Exception e, CallTimeout timeout, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            if (e is OperationCanceledException canceled && canceled.CancellationToken != cancellationToken)
            {
                // Report the caller's own token, not the linked one of the timeouts.
                throw new OperationCanceledException(e.Message, e, cancellationToken);
            }

            ExceptionDispatchInfo.Throw(e);
        }

        if (timeout.Expired)
        {
            return timeout.CreateException(e);
        }

        if (e is not (HttpRequestException or IOException or ParallelException))
        {
            ExceptionDispatchInfo.Throw(e);
        }

        return e;
    }

    /// <summary>Ends the answer: a refusal is the refusal error (for every kind of answer), else the answer's last update.</summary>
    private TUpdate Finish<TUpdate>(IAnswer<TUpdate> answer, AnswerTrailer trailer, ApiCall call)
    {
        if (trailer.Refusal is { } refusal)
        {
            throw Final(new ParallelRefusalException(transport.Redactor.Redact(refusal)!), call);
        }

        try
        {
            return answer.Finish(trailer);
        }
        catch (ParallelException e)
        {
            throw Final(e, call);
        }
    }

    private async ValueTask WaitBeforeRetryAsync(Exception failure, int failedTries, TimeSpan? retryAfter, CallTimeout timeout, ApiCall call, CancellationToken cancellationToken)
    {
        timeout.PauseTry();
        TimeSpan delay = Options.Retry.ComputeDelay(failedTries - 1, retryAfter);
        ClientLog.Retrying(Logger, failedTries, Describe(failure), delay);
        call.Telemetry?.Retrying(failedTries, Describe(failure), delay);
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(delay, Options.TimeProvider, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            throw Final(Classify(e, timeout, cancellationToken), call);
        }
    }

    private ParallelLimitExceededException AnswerTooLarge<TUpdate>(IAnswer<TUpdate> answer, ReadOnlySpan<byte> lastPieceUpToLimit)
    {
        long max = transport.Limits.MaxAnswerBytes;
        return new ParallelLimitExceededException(
            $"The answer is larger than the limit of {max} bytes (ParallelChatClientOptions.MaxAnswerBytes); the connection was released.",
            ParallelLimitKind.AnswerBytes,
            max,
            answer.RawText + Encoding.UTF8.GetString(lastPieceUpToLimit));
    }

    /// <summary>The exception a caller sees for a failure that is not retried (any more), with the key taken out.</summary>
    private Exception Final(Exception failure, ApiCall call, string? partialAnswer = null)
    {
        KeyRedactor redactor = transport.Redactor;
        Exception result = failure switch
        {
            ParallelLimitExceededException limit => new ParallelLimitExceededException(limit.Message, limit.Limit, limit.LimitBytes, redactor.Redact(limit.PartialAnswer ?? partialAnswer ?? "")),
            ParallelResponseFormatException format when redactor.Finds(format.Message) || redactor.Finds(format.RawText) =>
                new ParallelResponseFormatException(redactor.Redact(format.Message)!, format.JsonPath, redactor.Redact(format.RawText)!),
            ParallelException parallel => parallel,
            HttpRequestException or IOException when partialAnswer is null =>
                new ParallelStreamInterruptedException($"The connection to the Parallel API at {ParallelErrors.Origin(call.Endpoint.Url)} failed: {redactor.Redact(failure.Message)}", null, WithoutKey(failure)),
            HttpRequestException or IOException =>
                new ParallelStreamInterruptedException($"The connection to the Parallel API broke in the middle of the answer: {redactor.Redact(failure.Message)}", redactor.Redact(partialAnswer), WithoutKey(failure)),
            _ => failure,
        };
        ClientLog.Failed(Logger, result.GetType().Name);
        call.Telemetry?.Failed(result);
        return result;
    }

    /// <summary>An inner exception whose text holds the key is replaced by one that says the same without it.</summary>
    private Exception WithoutKey(Exception inner) =>
        transport.Redactor.Finds(inner.ToString()) ? new IOException(transport.Redactor.Redact(inner.Message)) : inner;

    private static string Describe(Exception failure) => failure switch
    {
        ParallelException { StatusCode: { } status } => "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => failure.GetType().Name,
    };
}
