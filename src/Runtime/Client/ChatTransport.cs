using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StructuredChat;

/// <summary>
/// Sends request bodies to <c>{base}/chat/completions</c>: both auth headers, the client-side rate limit, the
/// per-model timeouts and the retries. Knows nothing of answers.
/// </summary>
internal sealed class ChatTransport : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptEventStream = new("text/event-stream");
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private readonly ParallelChatClientOptions _options;
    private readonly HttpClient? _ownedHttpClient;
    private readonly RateLimiter? _ownedLimiter;
    private readonly RateLimiter? _limiter;
    private readonly AuthenticationHeaderValue _authorization;

    public ChatTransport(ParallelChatClientOptions options, string apiKey, Uri endpoint)
    {
        _options = options;
        ApiKey = apiKey;
        Endpoint = endpoint;
        Logger = options.Logger ?? NullLogger.Instance;
        _authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (options.HttpClient is null && options.HttpClientFactory is null)
        {
            // The client's own timeouts govern: HttpClient's 100 s default would break core's 5-minute first token.
            _ownedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
        }

        _limiter = options.RateLimiter;
        if (_limiter is null && options.RequestsPerMinute > 0)
        {
            _ownedLimiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = options.RequestsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 12,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
            _limiter = _ownedLimiter;
        }
    }

    public Uri Endpoint { get; }

    public string ApiKey { get; }

    public ILogger Logger { get; }

    public ParallelChatClientOptions Options => _options;

    /// <summary>The client's own <see cref="HttpClient"/>, if it made one (tests check its timeout).</summary>
    internal HttpClient? OwnedHttpClient => _ownedHttpClient;

    /// <summary>
    /// Sends <paramref name="body"/> until a try succeeds (2xx) and <paramref name="onSuccess"/> completes, retrying
    /// transient failures that happen before or inside <paramref name="onSuccess"/>. On success the response and
    /// the timeout belong to <paramref name="onSuccess"/>'s result when <paramref name="keepResponse"/> is set.
    /// </summary>
    public async Task<TResult> SendAsync<TResult>(
        ReadOnlyMemory<byte> body,
        bool stream,
        ParallelModel model,
        RetryBudget retries,
        bool keepResponse,
        Func<HttpResponseMessage, CallTimeout, CancellationToken, Task<TResult>> onSuccess,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await AcquirePermitAsync(cancellationToken).ConfigureAwait(false);
            var timeout = new CallTimeout(_options.FirstTokenTimeoutFor(model), _options.StallTimeout, _options.TimeProvider, cancellationToken);
            HttpResponseMessage? response = null;
            bool handedOver = false;
            Exception failure;
            TimeSpan? retryAfter = null;
            try
            {
                ClientLog.Sending(Logger, stream ? "streaming" : "non-streaming", Endpoint, model.Name, retries.Tries + 1);
                using (HttpRequestMessage request = CreateRequest(body, stream))
                {
                    response = await SendCoreAsync(request, timeout.Token).ConfigureAwait(false);
                }

                if (response.IsSuccessStatusCode)
                {
                    TResult result = await onSuccess(response, timeout, timeout.Token).ConfigureAwait(false);
                    handedOver = keepResponse;
                    return result;
                }

                retryAfter = ReadRetryAfter(response);
                byte[] errorBody = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                failure = ParallelErrors.FromStatus((int)response.StatusCode, errorBody, ReadRequestId(response), retryAfter, ApiKey);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timeout.Expired)
            {
                failure = timeout.CreateException(e);
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e.CancellationToken != cancellationToken)
            {
                // Report the caller's own token, not the linked one of the timeouts.
                throw new OperationCanceledException(e.Message, e, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                failure = e;
            }
            finally
            {
                if (!handedOver)
                {
                    response?.Dispose();
                    timeout.Dispose();
                }
            }

            if (!await retries.TryWaitAsync(failure, retryAfter, cancellationToken).ConfigureAwait(false))
            {
                throw Final(failure, partialAnswer: null);
            }
        }
    }

    /// <summary>The exception a caller sees for a failure that is not retried (any more).</summary>
    public Exception Final(Exception failure, string? partialAnswer)
    {
        Exception result = failure switch
        {
            ParallelException parallel => parallel,
            HttpRequestException or IOException when partialAnswer is null =>
                new ParallelStreamInterruptedException($"The connection to the Parallel API at {Endpoint} failed: {ParallelErrors.Redact(failure.Message, ApiKey)}", null, failure),
            HttpRequestException or IOException =>
                new ParallelStreamInterruptedException($"The connection to the Parallel API broke in the middle of the answer: {ParallelErrors.Redact(failure.Message, ApiKey)}", partialAnswer, failure),
            _ => failure,
        };
        ClientLog.Failed(Logger, result.GetType().Name);
        return result;
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpClient http = _ownedHttpClient ?? _options.HttpClient ?? CreateFactoryClient();
        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private HttpClient CreateFactoryClient()
    {
        HttpClient http = _options.HttpClientFactory!.CreateClient(_options.HttpClientName);
        if (http.Timeout == TimeSpan.FromSeconds(100))
        {
            http.Timeout = Timeout.InfiniteTimeSpan;
        }

        return http;
    }

    private HttpRequestMessage CreateRequest(ReadOnlyMemory<byte> body, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
        {
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = JsonContentType;
        request.Headers.Authorization = _authorization;
        request.Headers.TryAddWithoutValidation("x-api-key", ApiKey);
        request.Headers.Accept.Add(stream ? AcceptEventStream : AcceptJson);
        return request;
    }

    private async ValueTask AcquirePermitAsync(CancellationToken cancellationToken)
    {
        if (_limiter is null)
        {
            return;
        }

        using RateLimitLease lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new ParallelException("The client-side rate limiter refused the request (its queue is full).");
        }
    }

    private static TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out IEnumerable<string>? values)
            && double.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double ms))
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            TimeSpan wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string? ReadRequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-request-id", out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    public void Dispose()
    {
        _ownedHttpClient?.Dispose();
        _ownedLimiter?.Dispose();
    }
}

/// <summary>The retries left for one call, shared by its send and stream phases.</summary>
internal sealed class RetryBudget(ParallelChatClientOptions options, ILogger logger)
{
    /// <summary>How many tries have failed so far.</summary>
    public int Tries { get; private set; }

    /// <summary>Whether <paramref name="failure"/> is transient: 408, 409, 429, 5xx or a connection failure.</summary>
    public static bool IsTransient(Exception failure) => failure switch
    {
        ParallelApiException { StatusCode: 408 or 409 or 429 or >= 500 } => true,
        ParallelTimeoutException { StatusCode: 408 } => true,
        HttpRequestException { StatusCode: null } => true,
        IOException => true,
        _ => false,
    };

    /// <summary>If <paramref name="failure"/> may be retried and retries are left, waits the backoff and returns true.</summary>
    public async ValueTask<bool> TryWaitAsync(Exception failure, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        Tries++;
        ParallelRetryOptions retry = options.Retry;
        if (!IsTransient(failure) || Tries > retry.MaxRetries)
        {
            return false;
        }

        TimeSpan delay = retry.ComputeDelay(Tries - 1, retryAfter);
        ClientLog.Retrying(logger, Tries, Describe(failure), delay);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static string Describe(Exception failure) => failure switch
    {
        ParallelException { StatusCode: { } status } => "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => failure.GetType().Name,
    };
}
