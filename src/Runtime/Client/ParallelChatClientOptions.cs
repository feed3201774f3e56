using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace StructuredChat;

/// <summary>Settings of a <see cref="ParallelChatClient"/>. Unset values come from the environment or the defaults.</summary>
public sealed class ParallelChatClientOptions
{
    /// <summary>The default base URL, <c>https://api.parallel.ai</c>.</summary>
    public static Uri DefaultBaseUrl { get; } = new("https://api.parallel.ai");

    /// <summary>The API key; when <see langword="null"/>, the environment variable <c>PARALLEL_API_KEY</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The API's base URL, to which <c>/chat/completions</c> (Chat API) or <c>/v1/responses</c> (Responses API) is appended; when <see langword="null"/>, the environment
    /// variable <c>PARALLEL_BASE_URL</c>, else <see cref="DefaultBaseUrl"/>. Must be HTTPS unless it is a loopback address.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// The model used when a call names none (default <see cref="ParallelModel.Base"/>); it also chooses the API of
    /// those calls: <see cref="ParallelModel.Responses(ParallelResearchEffort?)"/> sends them to the Responses API.
    /// </summary>
    public ParallelModel DefaultModel { get; set; } = ParallelModel.Base;

    /// <summary>
    /// The longest wait for the answer to start (response headers, then its first content), per model name.
    /// Defaults: <c>speed</c> 2 min, <c>lite</c> and <c>base</c> 5 min, <c>core</c> 10 min, the Responses API's
    /// <c>parallel</c> 5 min (its answer arrives whole once research is done: about a minute at <c>high</c>, for which
    /// Parallel advises at least 120 s); other models use <see cref="DefaultFirstTokenTimeout"/>.
    /// </summary>
    public IDictionary<string, TimeSpan> FirstTokenTimeouts { get; } = PerModel(speed: 2, lite: 5, @base: 5, core: 10, parallel: 5);

    /// <summary>The first-token timeout of models not in <see cref="FirstTokenTimeouts"/> (default 10 min).</summary>
    public TimeSpan DefaultFirstTokenTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The longest time an answer may make no progress once it has started arriving (default 2 min). Progress is
    /// content, or bytes of an event that may carry content; keep-alives (comments, <c>event: ping</c>) are not.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest a whole call may take, every try, the waits between them and the answer included, per model name.
    /// Defaults: <c>speed</c> 10 min, <c>lite</c> and <c>base</c> 30 min, <c>core</c> 60 min, <c>parallel</c> (the
    /// Responses API) 30 min; other models use <see cref="DefaultCallDeadline"/>. A server that keeps a stream open
    /// with keep-alives ends here.
    /// </summary>
    public IDictionary<string, TimeSpan> CallDeadlines { get; } = PerModel(speed: 10, lite: 30, @base: 30, core: 60, parallel: 30);

    /// <summary>The call deadline of models not in <see cref="CallDeadlines"/> (default 60 min).</summary>
    public TimeSpan DefaultCallDeadline { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>
    /// The largest non-streamed response body read, in bytes (default 8 MiB); an error body is cut there, a larger
    /// answer is a <see cref="ParallelLimitExceededException"/>.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The longest line, or data of one event, of a streamed response, in bytes (default 4 MiB).</summary>
    public int MaxEventBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The largest answer read, in UTF-8 bytes of its content (default 4 MiB; a research answer is kilobytes). A
    /// stream that goes on past it is a <see cref="ParallelLimitExceededException"/> carrying the text read so far.
    /// </summary>
    public long MaxAnswerBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>When failed requests are sent again.</summary>
    public ParallelRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Client-side limit of requests started per minute (default 300, Parallel's limit per key); requests past it
    /// wait their turn rather than fail. 0 or less turns the limit off. Ignored when <see cref="RateLimiter"/> is set.
    /// </summary>
    public int RequestsPerMinute { get; set; } = 300;

    /// <summary>A limiter of your own (for example one shared by several clients of the same key); each try takes one permit.</summary>
    public RateLimiter? RateLimiter { get; set; }

    /// <summary>
    /// An <see cref="System.Net.Http.HttpClient"/> of your own. Its <see cref="HttpClient.Timeout"/> still applies, so
    /// set it to <see cref="Timeout.InfiniteTimeSpan"/> (the client enforces its own timeouts): the 100 s default breaks
    /// <c>core</c>. Its handler must not follow redirects (<c>AllowAutoRedirect = false</c>): a redirect it follows
    /// takes the <c>x-api-key</c> header to the other address (the call then fails). When neither this nor
    /// <see cref="HttpClientFactory"/> is set, the client makes its own, with no <see cref="HttpClient"/> timeout and
    /// no redirects followed.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>A factory from which a client named <see cref="HttpClientName"/> is taken for each request.</summary>
    /// <remarks>
    /// A factory client still on the 100 s default <see cref="HttpClient.Timeout"/> is switched to no timeout. Configure
    /// its primary handler not to follow redirects, as for <see cref="HttpClient"/>.
    /// </remarks>
    public IHttpClientFactory? HttpClientFactory { get; set; }

    /// <summary>The name passed to <see cref="IHttpClientFactory.CreateClient(string)"/> (default <c>StructuredChat</c>).</summary>
    public string HttpClientName { get; set; } = "StructuredChat";

    /// <summary>The clock for timeouts and retry waits (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where requests, retries and failures are logged (never the key); none by default.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>
    /// Whether OpenTelemetry spans (see <see cref="ParallelTelemetry"/>) carry the prompt and the answer
    /// (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>). Off by default: they may hold personal or
    /// confidential data. The API key is never recorded.
    /// </summary>
    public bool EnableSensitiveTelemetryData { get; set; }

    /// <summary>A table of minutes per model name, matched ignoring case.</summary>
    private static Dictionary<string, TimeSpan> PerModel(int speed, int lite, int @base, int core, int parallel) => new(StringComparer.OrdinalIgnoreCase)
    {
        [ParallelModel.ResponsesModelName] = TimeSpan.FromMinutes(parallel),
        [ParallelModel.Speed.Name] = TimeSpan.FromMinutes(speed),
        [ParallelModel.Lite.Name] = TimeSpan.FromMinutes(lite),
        [ParallelModel.Base.Name] = TimeSpan.FromMinutes(@base),
        [ParallelModel.Core.Name] = TimeSpan.FromMinutes(core),
    };

    internal TimeSpan FirstTokenTimeoutFor(ParallelModel model) =>
        FirstTokenTimeouts.TryGetValue(model.Name, out TimeSpan timeout) ? timeout : DefaultFirstTokenTimeout;

    internal TimeSpan CallDeadlineFor(ParallelModel model) =>
        CallDeadlines.TryGetValue(model.Name, out TimeSpan deadline) ? deadline : DefaultCallDeadline;
}
