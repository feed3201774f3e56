using System.Net;
using System.Threading.RateLimiting;

namespace StructuredChat.Client.Tests;

public sealed class RetryTests
{
    private static readonly string Ok = Clients.NonStreamingBody("fine");

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_transient_status_is_retried_and_the_call_succeeds(HttpStatusCode status)
    {
        var handler = new ScriptedHandler().Enqueue(status, """{"type":"error","error":{"ref_id":"x","message":"busy"}}""").Enqueue(HttpStatusCode.OK, Ok);
        var time = new ManualTimeProvider();
        using ParallelChatClient client = Clients.Create(handler, time);

        ParallelTextResponse answer = await client.AskAsync("q").Within();

        Assert.Equal("fine", answer.Text);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains(TestKeys.Log.Lines, line => line.Contains("retrying", StringComparison.Ordinal) && line.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        TestKeys.AssertNoKeyInLog();
        TimeSpan delay = Assert.Single(time.AutoFired, d => d > TimeSpan.Zero && d < TimeSpan.FromSeconds(1));
        Assert.InRange(delay, TimeSpan.FromMilliseconds(375), TimeSpan.FromMilliseconds(500));
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task Retries_stop_after_two_with_doubling_backoff_and_the_last_error_is_raised()
    {
        var handler = new ScriptedHandler();
        for (int i = 0; i < 3; i++)
        {
            handler.Enqueue(HttpStatusCode.ServiceUnavailable, """{"error":{"message":"overloaded","type":"server_error"}}""");
        }

        var time = new ManualTimeProvider();
        using ParallelChatClient client = Clients.Create(handler, time);

        var e = await Clients.FailsWith<ParallelServerException>(() => client.AskAsync("q"));

        Assert.Equal(503, e.StatusCode);
        Assert.Equal("overloaded", e.Error.ServerMessage);
        Assert.Equal(3, handler.Requests.Count);
        TimeSpan[] delays = [.. time.AutoFired.Where(d => d > TimeSpan.Zero && d <= TimeSpan.FromSeconds(8))];
        Assert.Equal(2, delays.Length);
        Assert.InRange(delays[0], TimeSpan.FromMilliseconds(375), TimeSpan.FromMilliseconds(500));
        Assert.InRange(delays[1], TimeSpan.FromMilliseconds(750), TimeSpan.FromMilliseconds(1000));
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task The_backoff_is_capped()
    {
        var retry = new ParallelRetryOptions();

        Assert.InRange(retry.ComputeDelay(10, null), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(8));
        Assert.Equal(TimeSpan.FromSeconds(3), retry.ComputeDelay(0, TimeSpan.FromSeconds(3)));
        Assert.InRange(retry.ComputeDelay(0, TimeSpan.FromMinutes(5)), TimeSpan.FromMilliseconds(375), TimeSpan.FromMilliseconds(500));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_429_with_Retry_After_waits_what_the_server_asked()
    {
        var handler = new ScriptedHandler()
            .Enqueue(HttpStatusCode.TooManyRequests, """{"type":"error","error":{"ref_id":"rl","message":"Rate limit exceeded"}}""", configure: r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7)))
            .Enqueue(HttpStatusCode.OK, Ok);
        var time = new ManualTimeProvider();
        using ParallelChatClient client = Clients.Create(handler, time);

        await client.AskAsync("q").Within();

        Assert.Contains(TimeSpan.FromSeconds(7), time.AutoFired);
    }

    [Fact]
    public async Task A_429_that_outlasts_the_retries_is_a_rate_limit_error()
    {
        var handler = new ScriptedHandler();
        for (int i = 0; i < 3; i++)
        {
            handler.Enqueue(HttpStatusCode.TooManyRequests, """{"type":"error","error":{"ref_id":"rl","message":"Rate limit exceeded"}}""");
        }

        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelRateLimitException>(() => client.AskAsync("q"));

        Assert.Equal(429, e.StatusCode);
        Assert.Null(e.RetryAfter);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task A_connection_failure_is_retried()
    {
        var handler = new ScriptedHandler().EnqueueConnectionFailure().Enqueue(HttpStatusCode.OK, Ok);
        using ParallelChatClient client = Clients.Create(handler);

        Assert.Equal("fine", (await client.AskAsync("q").Within()).Text);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_connection_that_keeps_failing_is_a_typed_error_after_the_retries()
    {
        var handler = new ScriptedHandler().EnqueueConnectionFailure().EnqueueConnectionFailure().EnqueueConnectionFailure();
        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelStreamInterruptedException>(() => client.AskAsync("q"));

        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.Null(e.PartialAnswer);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_client_error_is_not_retried(HttpStatusCode status)
    {
        var handler = new ScriptedHandler().Enqueue(status, "{}").Enqueue(HttpStatusCode.OK, Ok);
        using ParallelChatClient client = Clients.Create(handler);

        await Clients.FailsWith<ParallelApiException>(() => client.AskAsync("q"));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Zero_retries_means_one_try()
    {
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.InternalServerError, "oops").Enqueue(HttpStatusCode.OK, Ok);
        using ParallelChatClient client = Clients.Create(handler, configure: o => o.Retry = new ParallelRetryOptions { MaxRetries = 0 });

        await Clients.FailsWith<ParallelServerException>(() => client.AskAsync("q"));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Cancelling_during_the_backoff_stops_at_once()
    {
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.ServiceUnavailable, "busy").Enqueue(HttpStatusCode.OK, Ok);
        var time = new ManualTimeProvider { AutoFireUpTo = TimeSpan.Zero };
        using ParallelChatClient client = Clients.Create(handler, time);
        using var cts = new CancellationTokenSource();

        Task<ParallelTextResponse> call = client.AskAsync("q", cancellationToken: cts.Token);
        Assert.True(await handler.Arrived.WaitAsync(Clients.Deadline));

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Within());
        Assert.Single(handler.Requests);
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task Requests_past_the_rate_limit_wait_for_a_permit_instead_of_failing()
    {
        // A limiter that grants permits only when the test says so.
        using var limiter = new ManualRateLimiter(permits: 1);
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.OK, Ok).Enqueue(HttpStatusCode.OK, Clients.NonStreamingBody("second"));
        using ParallelChatClient client = Clients.Create(handler, configure: o => o.RateLimiter = limiter);

        await client.AskAsync("first").Within();
        Task<ParallelTextResponse> second = client.AskAsync("second");

        Assert.False(second.IsCompleted);
        Assert.Single(handler.Requests);
        limiter.Grant();
        Assert.Equal("second", (await second.Within()).Text);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task The_default_limiter_queues_past_its_requests_per_minute()
    {
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.OK, Ok).Enqueue(HttpStatusCode.OK, Ok);
        using ParallelChatClient client = Clients.Create(handler, configure: o => o.RequestsPerMinute = 1);
        using var cts = new CancellationTokenSource();

        await client.AskAsync("first").Within();
        Task<ParallelTextResponse> queued = client.AskAsync("second", cancellationToken: cts.Token);

        Assert.False(queued.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.Within());
        Assert.Single(handler.Requests);
    }
}
