using System.Text;
using System.Text.Json;

namespace StructuredChat.Client.Tests;

/// <summary>
/// The client against a server that misbehaves on purpose, over real loopback sockets (<see cref="HostileServer"/>):
/// redirects to another port, the key echoed back in every encoding, streams and lines that never end, keep-alives
/// that never stop, an answer trickling in. The client's own timers run on a <see cref="ManualTimeProvider"/>.
/// </summary>
public sealed class HostileServerTests
{
    private const string Sse = "text/event-stream";

    /// <summary>A client of <paramref name="server"/> with the client's own HttpClient (its redirect policy is under test).</summary>
    private static ParallelChatClient Client(HostileServer server, ManualTimeProvider? time = null, Action<ParallelChatClientOptions>? configure = null)
    {
        var options = new ParallelChatClientOptions
        {
            ApiKey = TestKeys.ApiKey,
            BaseUrl = server.BaseUrl,
            TimeProvider = time ?? new ManualTimeProvider(),
            Logger = TestKeys.Log,
            Retry = new ParallelRetryOptions { MaxRetries = 0 },
        };
        configure?.Invoke(options);
        return new ParallelChatClient(options);
    }

    private static string Chunk(string content) =>
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":" + JsonSerializer.Serialize(content, TestJson.Default.String) + "}}]}\n\n";

    /// <summary>A server that answers every request with one status, content type, body and header lines.</summary>
    private static Func<HostileExchange, Task> Answer(int status, string contentType, string body, params string[] headerLines) => async x =>
    {
        await x.WriteHeadAsync(status, contentType, headerLines);
        await x.WriteAsync(body);
    };

    /// <summary>Runs <paramref name="call"/> against a server that answers with <paramref name="respond"/>; returns the exception.</summary>
    private static async Task<TException> FailsAgainst<TException>(Func<HostileExchange, Task> respond, Func<ParallelChatClient, Task> call)
        where TException : Exception
    {
        await using var server = HostileServer.Start(respond);
        using ParallelChatClient client = Client(server);
        return await Clients.FailsWith<TException>(() => call(client));
    }

    /// <summary>Completes when the server saw the client close a connection it was still writing to.</summary>
    private static async Task AssertConnectionReleased(HostileServer server)
    {
        Task first = await Task.WhenAny(server.ClientLetGo.Task, server.ScriptFailed.Task).WaitAsync(Clients.Deadline);
        Assert.Same(server.ClientLetGo.Task, first);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_to_another_port_is_not_followed_and_the_other_server_receives_no_key(int status)
    {
        await using var other = HostileServer.Start(x => x.WriteHeadAsync(200, "application/json"));
        await using var server = HostileServer.Start(x => x.WriteHeadAsync(status, "text/plain", $"Location: {other.BaseUrl}chat/completions?key={TestKeys.ApiKey}"));
        using ParallelChatClient client = Client(server);

        var e = await Clients.FailsWith<ParallelApiException>(() => client.AskAsync("q"));

        Assert.Equal(status, e.StatusCode);
        Assert.Contains("redirect", e.Message, StringComparison.Ordinal);
        Assert.Contains(other.BaseUrl.Authority, e.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(server.Requests).AnyHeaderContains(TestKeys.ApiKey), "the API itself gets the key");
        Assert.DoesNotContain(other.Requests, r => r.AnyHeaderContains(TestKeys.ApiKey) || r.AnyHeaderContains("Bearer"));
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task A_callers_HttpClient_that_follows_a_redirect_to_another_origin_fails_the_call_with_what_to_change()
    {
        await using var other = HostileServer.Start(x => x.WriteHeadAsync(200, "application/json"));
        await using var server = HostileServer.Start(x => x.WriteHeadAsync(307, "text/plain", $"Location: {other.BaseUrl}chat/completions"));
        using ParallelChatClient client = Client(server, configure: o => o.HttpClient = new HttpClient { Timeout = Timeout.InfiniteTimeSpan });

        var e = await Clients.FailsWith<ParallelException>(() => client.AskAsync("q"));

        Assert.Contains("AllowAutoRedirect = false", e.Message, StringComparison.Ordinal);
        Assert.Contains(other.BaseUrl.Authority, e.Message, StringComparison.Ordinal);
    }

    /// <summary>The key as a server might echo it: as is, JSON-escaped (one character, every character), URL-encoded.</summary>
    public static TheoryData<string> KeyEncodings => new()
    {
        "raw",
        "json-first-character",
        "json-every-character",
        "url-every-character",
        "url-upper-and-lower-hex",
    };

    private static string Encode(string encoding) => encoding switch
    {
        "raw" => TestKeys.ApiKey,
        "json-first-character" => $"\\u{(int)TestKeys.ApiKey[0]:x4}{TestKeys.ApiKey[1..]}",
        "json-every-character" => string.Concat(TestKeys.ApiKey.Select(c => $"\\u{(int)c:X4}")),
        "url-every-character" => string.Concat(TestKeys.ApiKey.Select(c => $"%{(int)c:x2}")),
        "url-upper-and-lower-hex" => string.Concat(TestKeys.ApiKey.Select((c, i) => i % 2 == 0 ? $"%{(int)c:X2}" : c.ToString())),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    /// <summary>Fails if <paramref name="text"/> holds the key as is or in the given encoding.</summary>
    private static void AssertNoKey(string? text, string encoded)
    {
        Assert.DoesNotContain(TestKeys.ApiKey, text ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(encoded, text ?? "", StringComparison.Ordinal);
    }

    /// <summary>Every string a caller or a log can see of <paramref name="e"/>: message, ToString, raw body, reference id, the server's fields.</summary>
    private static void AssertNoKeyAnywhere(ParallelException e, string encoded)
    {
        AssertNoKey(e.ToString(), encoded);
        AssertNoKey(e.Message, encoded);
        AssertNoKey(e.RawBody, encoded);
        AssertNoKey(e.ReferenceId, encoded);
        if (e is ParallelApiException api)
        {
            ParallelErrorDetails error = api.Error;
            foreach (string? field in new[] { error.ServerMessage, error.ReferenceId, error.ErrorType, error.ErrorCode, error.Param, error.DetailJson, error.RawBody, error.ToString() })
            {
                AssertNoKey(field, encoded);
            }
        }

        foreach (string line in TestKeys.Log.Lines)
        {
            AssertNoKey(line, encoded);
        }
    }

    [Theory]
    [MemberData(nameof(KeyEncodings))]
    public async Task A_key_echoed_in_an_error_body_is_kept_out_of_every_message_field_and_log(string encoding)
    {
        string key = Encode(encoding);
        string body = "{\"type\":\"error\",\"error\":{\"ref_id\":\"ref-" + key + "\",\"message\":\"Key " + key + " is not valid\",\"detail\":{\"key\":\"" + key + "\",\"url\":\"https://x.example/?k=" + key + "\"}}}";

        var e = await FailsAgainst<ParallelAuthenticationException>(Answer(401, "application/json", body), client => client.AskAsync("q"));

        Assert.Equal(401, e.StatusCode);
        Assert.Contains("[redacted]", e.Message, StringComparison.Ordinal);
        Assert.Contains("is not valid", e.Message, StringComparison.Ordinal);
        AssertNoKeyAnywhere(e, key);
    }

    [Theory]
    [MemberData(nameof(KeyEncodings))]
    public async Task A_key_echoed_in_the_request_id_header_is_not_the_reference_id(string encoding)
    {
        string key = Encode(encoding);

        var e = await FailsAgainst<ParallelPermissionDeniedException>(Answer(403, "text/plain", "forbidden", "x-request-id: req-" + key), client => client.AskAsync("q"));

        Assert.Equal("req-[redacted]", e.ReferenceId);
        AssertNoKeyAnywhere(e, key);
    }

    [Theory]
    [MemberData(nameof(KeyEncodings))]
    public async Task A_key_echoed_mid_stream_in_an_error_event_or_a_malformed_event_is_kept_out(string encoding)
    {
        string key = Encode(encoding);
        string[] events =
        [
            "data: {\"error\":{\"message\":\"bad key " + key + "\",\"ref_id\":\"" + key + "\"}}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + key + "\"\n\n",
        ];
        foreach (string bad in events)
        {
            var e = await FailsAgainst<ParallelException>(Answer(200, Sse, Chunk("partial ") + bad), client => client.StreamAsync("q").ToListAsync());

            Assert.True(e is ParallelServerException or ParallelResponseFormatException, e.GetType().Name);
            AssertNoKeyAnywhere(e, key);
        }
    }

    [Theory]
    [MemberData(nameof(KeyEncodings))]
    public async Task A_key_the_answer_itself_carries_is_kept_out_of_a_format_error(string encoding)
    {
        string key = Encode(encoding);
        string answer = Chunk("{\"city\":\"" + key + "\",\"temperature\":true}");

        var e = await FailsAgainst<ParallelResponseFormatException>(Answer(200, Sse, answer), client => client.StreamAsync<Location>("q").ToListAsync());

        AssertNoKeyAnywhere(e, key);
        AssertNoKey(e.RawText, key);
    }

    [Theory]
    [InlineData("https://user:{0}@api.parallel.ai")]
    [InlineData("https://{0}@api.parallel.ai")]
    [InlineData("http://{0}:x@127.0.0.1:8089/v1")]
    public void A_base_url_with_user_info_is_refused_without_echoing_it(string template)
    {
        var baseUrl = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "sk-inurl-Zq81"));

        var e = Assert.Throws<ArgumentException>(() => new ParallelChatClient(new ParallelChatClientOptions { ApiKey = TestKeys.ApiKey, BaseUrl = baseUrl }));

        Assert.Contains("user info", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-inurl-Zq81", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(baseUrl.Host, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endless_stream_of_valid_content_ends_at_the_answer_limit_with_the_text_up_to_it()
    {
        await using var server = HostileServer.Start(async x =>
        {
            await x.WriteHeadAsync(200, Sse);
            await x.WriteAsync(Chunk("{\"city\":\""));
            await x.WriteForeverAsync(_ => Chunk(new string('a', 100)));
        });
        using ParallelChatClient client = Client(server, configure: o => o.MaxAnswerBytes = 64 * 1024);

        var e = await Clients.FailsWith<ParallelLimitExceededException>(() => client.StreamAsync<Location>("q").ToListAsync());

        Assert.Equal(ParallelLimitKind.AnswerBytes, e.Limit);
        Assert.Equal(64 * 1024, e.LimitBytes);
        Assert.Equal(64 * 1024, e.PartialAnswer!.Length);
        Assert.StartsWith("{\"city\":\"aaaa", e.PartialAnswer, StringComparison.Ordinal);
        Assert.Contains("MaxAnswerBytes", e.Message, StringComparison.Ordinal);
        await AssertConnectionReleased(server);
    }

    [Fact]
    public async Task A_huge_line_with_no_newline_ends_at_the_event_limit_keeping_the_answer_so_far()
    {
        await using var server = HostileServer.Start(async x =>
        {
            await x.WriteHeadAsync(200, Sse);
            await x.WriteAsync(Chunk("Hello"));
            await x.WriteAsync("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
            await x.WriteForeverAsync(_ => new string('x', 4096));
        });
        using ParallelChatClient client = Client(server, configure: o => o.MaxEventBytes = 64 * 1024);

        var e = await Clients.FailsWith<ParallelLimitExceededException>(() => client.StreamAsync("q").ToListAsync());

        Assert.Equal(ParallelLimitKind.EventBytes, e.Limit);
        Assert.Equal("Hello", e.PartialAnswer);
        Assert.Contains("MaxEventBytes", e.Message, StringComparison.Ordinal);
        await AssertConnectionReleased(server);
    }

    [Fact]
    public async Task An_endless_non_streamed_body_ends_at_the_response_limit_with_the_body_up_to_it()
    {
        await using var server = HostileServer.Start(async x =>
        {
            await x.WriteHeadAsync(200, "application/json");
            await x.WriteAsync("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"");
            await x.WriteForeverAsync(_ => new string('y', 4096));
        });
        using ParallelChatClient client = Client(server, configure: o => o.MaxResponseBytes = 32 * 1024);

        var e = await Clients.FailsWith<ParallelLimitExceededException>(() => client.AskAsync("q"));

        Assert.Equal(ParallelLimitKind.ResponseBytes, e.Limit);
        Assert.Equal(32 * 1024, e.RawBody!.Length);
        Assert.StartsWith("{\"choices\"", e.RawBody, StringComparison.Ordinal);
        await AssertConnectionReleased(server);
    }

    [Fact]
    public void The_limits_have_safe_defaults_and_core_has_the_longest_deadline()
    {
        var options = new ParallelChatClientOptions();

        Assert.InRange(options.MaxAnswerBytes, 1024 * 1024, 16 * 1024 * 1024);
        Assert.InRange(options.MaxEventBytes, 64 * 1024, 16 * 1024 * 1024);
        Assert.InRange(options.MaxResponseBytes, 1024 * 1024, 64 * 1024 * 1024);
        Assert.True(options.CallDeadlineFor(ParallelModel.Core) >= TimeSpan.FromMinutes(30));
        Assert.True(options.CallDeadlineFor(ParallelModel.Core) > options.FirstTokenTimeoutFor(ParallelModel.Core) + options.StallTimeout);
        Assert.True(options.CallDeadlineFor(ParallelModel.Speed) < options.CallDeadlineFor(ParallelModel.Core));
    }

    [Fact]
    public async Task Endless_pings_after_the_answer_started_are_not_progress_and_end_in_a_stall_timeout()
    {
        var stall = TimeSpan.FromSeconds(1);
        var time = new ManualTimeProvider { AutoFireUpTo = TimeSpan.Zero };
        await using var server = HostileServer.Start(async x =>
        {
            await x.WriteHeadAsync(200, Sse);
            await x.WriteAsync(Chunk("Hel"));
            await x.WriteForeverAsync(i => i % 2 == 0 ? "event: ping\ndata: {}\n\n" : ": keep-alive\n\n");
        });
        using ParallelChatClient client = Client(server, time, o => o.StallTimeout = stall);

        Task<List<ParallelTextStreamUpdate>> call = client.StreamAsync("q").ToListAsync();
        await time.WhenTimerScheduled(stall).WaitAsync(Clients.Deadline);
        time.Advance(stall + TimeSpan.FromMilliseconds(1));

        var e = await Clients.FailsWith<ParallelTimeoutException>(() => call);
        Assert.Equal(ParallelTimeoutKind.Stall, e.Kind);
        Assert.Contains("stall timeout", e.Message, StringComparison.Ordinal);
        Assert.Contains("keep-alive", e.Message, StringComparison.Ordinal);
        await AssertConnectionReleased(server);
    }

    [Fact]
    public async Task A_stream_kept_open_by_keep_alives_ends_at_the_models_call_deadline()
    {
        var time = new ManualTimeProvider { AutoFireUpTo = TimeSpan.Zero };
        await using var server = HostileServer.Start(async x =>
        {
            await x.WriteHeadAsync(200, Sse);
            await x.WriteAsync(Chunk("Hel"));
            await x.WriteForeverAsync(_ => "event: ping\ndata: {}\n\n");
        });
        using ParallelChatClient client = Client(server, time, o =>
        {
            o.StallTimeout = TimeSpan.FromHours(1);
            o.CallDeadlines["speed"] = TimeSpan.FromMinutes(3);
        });

        Task<List<ParallelTextStreamUpdate>> call = client.StreamAsync("q", ParallelModel.Speed).ToListAsync();
        await time.WhenTimerScheduled(TimeSpan.FromHours(1)).WaitAsync(Clients.Deadline);
        time.Advance(TimeSpan.FromMinutes(3));

        var e = await Clients.FailsWith<ParallelTimeoutException>(() => call);
        Assert.Equal(ParallelTimeoutKind.CallDeadline, e.Kind);
        Assert.Equal(TimeSpan.FromMinutes(3), e.Timeout);
        Assert.Contains("deadline", e.Message, StringComparison.Ordinal);
        await AssertConnectionReleased(server);
    }

    [Theory]
    [InlineData(ParallelApi.Chat)]
    [InlineData(ParallelApi.Responses)]
    public async Task An_answer_trickling_one_byte_per_200_ms_is_not_a_stall(ParallelApi api)
    {
        var stall = TimeSpan.FromSeconds(1);
        var step = TimeSpan.FromMilliseconds(200);
        var time = new ManualTimeProvider { AutoFireUpTo = TimeSpan.Zero };

        // The second piece of the answer trickles; a Responses delta's event: line comes whole (its bytes are not the answer's).
        bool chat = api == ParallelApi.Chat;
        string second = chat ? Chunk("lo, world") : ResponsesWire.Delta("msg_1", 0, "lo, world");
        string atOnce = chat ? "" : second[..(second.IndexOf('\n', StringComparison.Ordinal) + 1)];
        string trickled = second[atOnce.Length..];
        var answerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = HostileServer.Start(async x =>
        {
            await x.WriteHeadAsync(200, Sse);
            await x.WriteAsync(chat ? Chunk("Hel") : ResponsesWire.Delta("msg_1", 0, "Hel"));
            await answerStarted.Task;
            time.Advance(step);
            await x.WriteAsync(atOnce);
            foreach (char c in trickled)
            {
                // Each byte must have reached the client (it restarted the stall timer) before the clock moves on.
                Task progressed = time.WhenTimerScheduled(stall);
                await x.WriteAsync(c.ToString());
                await progressed;
                time.Advance(step);
            }

            await x.WriteAsync(chat ? "data: [DONE]\n\n" : ResponsesWire.Terminal("response.completed", ResponsesWire.Response("resp_t", "completed", ResponsesWire.Message("msg_1", "Hello, world"))));
        });
        using ParallelChatClient client = Client(server, time, o => o.StallTimeout = stall);

        Task<List<ParallelTextStreamUpdate>> call = client.StreamAsync("q", chat ? ParallelModel.Base : ParallelModel.Responses()).ToListAsync();
        await time.WhenTimerScheduled(stall).WaitAsync(Clients.Deadline);
        answerStarted.SetResult();

        List<ParallelTextStreamUpdate> updates = await call.Within();
        Assert.Equal("Hello, world", updates[^1].Text);
        Assert.True(time.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) > 5 * stall, "the trickle took longer than the stall timeout");
    }

    [Fact]
    public async Task Responses_api_events_other_than_text_deltas_do_not_hold_off_the_stall_timeout()
    {
        var stall = TimeSpan.FromSeconds(1);
        var time = new ManualTimeProvider { AutoFireUpTo = TimeSpan.Zero };
        var answerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = HostileServer.Start(async x =>
        {
            await x.WriteHeadAsync(200, Sse);
            await x.WriteAsync(ResponsesWire.Delta("msg_1", 0, "{\"city\":\"Zü"));
            await answerStarted.Task;
            for (int i = 0; i < 20; i++)
            {
                // A search item's events every 300 ms: bytes, but not the answer.
                await x.WriteAsync(ResponsesWire.Event("response.web_search_call.searching", $"\"item_id\":\"ws_{i}\",\"output_index\":0"));
                time.Advance(TimeSpan.FromMilliseconds(300));
            }
        });
        using ParallelChatClient client = Client(server, time, o => o.StallTimeout = stall);

        Task<List<ParallelStreamUpdate<Location>>> call = client.StreamAsync<Location>("q", ParallelModel.Responses()).ToListAsync();
        await time.WhenTimerScheduled(stall).WaitAsync(Clients.Deadline);
        answerStarted.SetResult();

        var e = await Clients.FailsWith<ParallelTimeoutException>(() => call);
        Assert.Equal(ParallelTimeoutKind.Stall, e.Kind);
    }
}
