using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StructuredChat;

/// <summary>
/// Sends one try of a request: both auth headers, only ever to the configured origin (redirects are not followed),
/// the client-side rate limit. Hands back the 2xx response, owned by the caller, or the typed error of any other
/// status. Knows nothing of endpoints, answers or retries.
/// </summary>
internal sealed class ApiTransport : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptEventStream = new("text/event-stream");
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private readonly ParallelChatClientOptions _options;
    private readonly HttpClient? _ownedHttpClient;
    private readonly RateLimiter? _ownedLimiter;
    private readonly RateLimiter? _limiter;
    private readonly AuthenticationHeaderValue _authorization;

    public ApiTransport(ParallelChatClientOptions options, string apiKey)
    {
        _options = options;
        ApiKey = apiKey;
        Redactor = new KeyRedactor(apiKey);
        Logger = options.Logger ?? NullLogger.Instance;
        Limits = new ReadLimits(options.MaxResponseBytes, options.MaxEventBytes, options.MaxAnswerBytes);
        _authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (options.HttpClient is null && options.HttpClientFactory is null)
        {
            // The client's own timeouts govern: HttpClient's 100 s default would break core's 5-minute first token.
            // Redirects are not followed: HttpClient strips Authorization on a redirect, but not x-api-key.
            _ownedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
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

    public string ApiKey { get; }

    public KeyRedactor Redactor { get; }

    public ILogger Logger { get; }

    public ReadLimits Limits { get; }

    public ParallelChatClientOptions Options => _options;

    /// <summary>The client's own <see cref="HttpClient"/>, if it made one (tests check its settings).</summary>
    internal HttpClient? OwnedHttpClient => _ownedHttpClient;

    /// <summary>Waits for a permit of the client-side rate limit (each try takes one).</summary>
    public async ValueTask AcquirePermitAsync(CancellationToken cancellationToken)
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

    /// <summary>
    /// Sends <paramref name="body"/> to <paramref name="url"/> once. A 2xx response is returned and belongs to the
    /// caller; any other status is read (at most <see cref="ReadLimits.MaxResponseBytes"/> of its body), released and
    /// returned as its typed error with the server's <c>Retry-After</c>. Connection failures and cancellations are thrown.
    /// </summary>
    public async Task<SendResult> SendAsync(Uri url, ReadOnlyMemory<byte> body, bool stream, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using (HttpRequestMessage request = CreateRequest(url, body, stream))
        {
            HttpClient http = _ownedHttpClient ?? _options.HttpClient ?? CreateFactoryClient();
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }

        bool handedOver = false;
        try
        {
            if (response.RequestMessage?.RequestUri is { } answeredBy && ParallelErrors.Origin(answeredBy) != ParallelErrors.Origin(url))
            {
                return new SendResult(null, ParallelErrors.FromForeignOrigin(answeredBy, url, Redactor), null);
            }

            int status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                handedOver = true;
                return new SendResult(response, null, null);
            }

            if (status is >= 300 and < 400)
            {
                return new SendResult(null, ParallelErrors.FromRedirect(status, response.Headers.Location, url, Redactor), null);
            }

            TimeSpan? retryAfter = ReadRetryAfter(response);
            using var errorBody = new PooledBufferWriter();
            bool whole = await BoundedBody.ReadAsync(response.Content, errorBody, Limits.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            ParallelException failure = ParallelErrors.FromStatus(status, errorBody.WrittenSpan, !whole, ReadRequestId(response), retryAfter, Redactor);
            return new SendResult(null, failure, retryAfter);
        }
        finally
        {
            if (!handedOver)
            {
                response.Dispose();
            }
        }
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

    private HttpRequestMessage CreateRequest(Uri url, ReadOnlyMemory<byte> body, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = JsonContentType;
        request.Headers.Authorization = _authorization;
        request.Headers.TryAddWithoutValidation("x-api-key", ApiKey);
        request.Headers.Accept.Add(stream ? AcceptEventStream : AcceptJson);
        return request;
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

/// <summary>One try's outcome: the 2xx response (owned by the receiver), or the failure with the server's <c>Retry-After</c>.</summary>
/// <param name="Response">The successful response, or null.</param>
/// <param name="Failure">The typed error of any other status, or null.</param>
/// <param name="RetryAfter">The server's <c>Retry-After</c>, if it sent one with the failure.</param>
internal readonly record struct SendResult(HttpResponseMessage? Response, ParallelException? Failure, TimeSpan? RetryAfter);
