using StructuredChat.Emulator;
using static StructuredChat.Client.Tests.EmulatorClients;

namespace StructuredChat.Client.Tests;

/// <summary>The client against the emulator over real loopback sockets.</summary>
/// <remarks>
/// Each client gets one connection per server (<see cref="SocketsHttpHandler.MaxConnectionsPerServer"/> = 1): a
/// response the client failed to release would block the next request, so every test that ends with a follow-up
/// call proves that no connection leaked.
/// </remarks>
public sealed class EmulatorTests
{
    /// <summary>A normal call on the same single-connection client: it can only finish if the earlier response was released.</summary>
    private static async Task AssertConnectionReleased(ParallelChatClient client, ParallelEmulator emulator)
    {
        emulator.Enqueue(ScriptedResponse.WithContent("""{"city":"Bern","temperature":9,"units":"c"}"""));
        ParallelResponse<Location> after = await client.AskAsync<Location>("again", ParallelModel.Speed).Within();
        Assert.Equal("Bern", after.Value.City);
    }

    [Fact]
    public async Task A_synthesized_typed_answer_from_a_research_model_has_its_basis_on_the_properties()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        using ParallelChatClient client = ClientOf(emulator);

        ParallelResponse<CompanyInfo> r = await client.AskAsync<CompanyInfo>("What is the founding date of Parallel Web Systems?", ParallelModel.Base).Within();

        Assert.False(string.IsNullOrEmpty(r.Value.Name));
        Assert.NotNull(r.Basis.Name);
        Assert.NotNull(r.Basis.Founded);
        Assert.NotEmpty(r.BasisEntries);
        Assert.Empty(ResearchBasis.Unmapped(r.Basis));
        Assert.StartsWith("int_", r.InteractionId, StringComparison.Ordinal);
        EmulatorRequest seen = Assert.Single(emulator.Requests);
        Assert.True(seen.SentBearerToken);
        Assert.True(seen.SentApiKeyHeader);
        Assert.Equal("json_schema", seen.ResponseFormatType);
        Assert.Empty(seen.SchemaWarnings);
    }

    [Fact]
    public async Task A_synthesized_research_stream_ends_with_the_value_and_element_basis_for_list_items()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        using ParallelChatClient client = ClientOf(emulator);

        List<ParallelStreamUpdate<CompanyInfo>> updates = await client.StreamAsync<CompanyInfo>("Who founded Parallel Web Systems?", ParallelModel.Core).ToListAsync().Within();

        ParallelStreamUpdate<CompanyInfo> last = updates[^1];
        Assert.True(last.IsComplete);
        Assert.True(updates.Count > 2);
        Assert.NotEmpty(last.Value!.Founders);
        Assert.NotNull(last.Basis!.Founders[0]);
        Assert.NotNull(last.Basis!.Founders[0]!.Confidence);
        Assert.Empty(ResearchBasis.Unmapped(last.Basis!));
        Assert.StartsWith("int_", last.InteractionId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scripted_stream_gives_partials_then_the_value_basis_and_interaction_id()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        emulator.Enqueue(new ScriptedResponse
        {
            Chunks = ["{\"ci", "ty\":\"Z\\u00fcr", "ich\",\"temp", "erature\":7.5,\"units\":\"c\"}"],
            Basis = [new EmulatorFieldBasis("city", "Map.", [new EmulatorCitation("https://map.example", "Map", ["Zürich"])], "high")],
            InteractionId = "int_zurich",
            SendKeepAlive = true,
            SendDone = false,
        });
        using ParallelChatClient client = ClientOf(emulator);

        var cities = new List<string?>();
        ParallelStreamUpdate<Location> last = default;
        await foreach (ParallelStreamUpdate<Location> update in client.StreamAsync<Location>("Weather in Zürich?", ParallelModel.Lite).WithCancellation(default))
        {
            // The partial object is filled in place: read it while the update is current.
            cities.Add(update.Partial.City);
            last = update;
        }

        Assert.Contains("Zür", cities);
        Assert.Equal(new Location("Zürich", 7.5, Units.c), last.Value);
        Assert.Equal("https://map.example", last.Basis!.City!.Citations[0].Url);
        Assert.Equal("int_zurich", last.InteractionId);
        await AssertConnectionReleased(client, emulator);
    }

    [Fact]
    public async Task A_text_answer_and_a_follow_up_with_the_previous_interaction_id()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        emulator.Enqueue(new ScriptedResponse { Content = "Parallel was founded in 2023.", InteractionId = "int_t1", UseDeltaInNonStreamingBody = true });
        using ParallelChatClient client = ClientOf(emulator);

        ParallelTextResponse first = await client.AskAsync("When was Parallel founded?", ParallelModel.Speed).Within();
        List<ParallelTextStreamUpdate> second = await client.StreamAsync(new ParallelChatRequest("By whom?") { Model = ParallelModel.Speed, PreviousInteractionId = first.InteractionId }).ToListAsync().Within();

        Assert.Equal("Parallel was founded in 2023.", first.Text);
        Assert.False(string.IsNullOrWhiteSpace(second[^1].Text));
        Assert.Equal("int_t1", emulator.Requests[1].PreviousInteractionId);
    }

    [Fact]
    public async Task A_wrong_key_is_an_authentication_error_that_does_not_contain_the_key()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        using ParallelChatClient client = ClientOf(emulator, configure: o => o.ApiKey = "sk-wrong-" + TestKeys.ApiKey);

        var e = await Clients.FailsWith<ParallelAuthenticationException>(() => client.AskAsync("q", ParallelModel.Speed));

        Assert.Equal(401, e.StatusCode);
        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task A_schema_the_server_refuses_is_an_invalid_request_naming_the_rule()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        using ParallelChatClient client = ClientOf(emulator);

        var e = await Clients.FailsWith<ParallelInvalidRequestException>(() => client.AskAsync("q", "turbo"));

        Assert.Equal(422, e.StatusCode);
        Assert.NotEmpty(e.ValidationErrors);
        Assert.Contains(e.ValidationErrors, v => v.Message.Contains("turbo", StringComparison.Ordinal) || v.Location.Contains("model", StringComparison.Ordinal));
    }

    public static TheoryData<string, bool> TransientFaults => new()
    {
        { "408", false }, { "429", false }, { "500", false }, { "502", false }, { "503", false },
        { "408", true }, { "429", true }, { "500", true }, { "502", true }, { "503", true },
        { "409", true }, { "openai-error=503", true }, { "drop=0", true }, { "drop=5", false },
    };

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task A_transient_fault_once_is_retried_and_the_call_succeeds(string fault, bool stream)
    {
        await using ParallelEmulator emulator = await StartEmulator();
        EnqueueFault(emulator, fault);
        emulator.Enqueue(ScriptedResponse.WithContent("""{"city":"Oslo","temperature":-3,"units":"c"}"""));
        var time = new ManualTimeProvider();
        using ParallelChatClient client = ClientOf(emulator, time);

        Location value = stream
            ? (await client.StreamAsync<Location>("q", ParallelModel.Speed).ToListAsync().Within())[^1].Value!
            : (await client.AskAsync<Location>("q", ParallelModel.Speed).Within()).Value;

        Assert.Equal(new Location("Oslo", -3, Units.c), value);
        Assert.Equal(2, emulator.RequestCount);
        Assert.Contains(time.AutoFired, d => d > TimeSpan.Zero && d <= TimeSpan.FromMilliseconds(500));
        await AssertConnectionReleased(client, emulator);
    }

    public static TheoryData<string, Type, int?> PersistentFaults => new()
    {
        { "408", typeof(ParallelTimeoutException), 408 },
        { "429", typeof(ParallelRateLimitException), 429 },
        { "500", typeof(ParallelServerException), 500 },
        { "502", typeof(ParallelServerException), 502 },
        { "503", typeof(ParallelServerException), 503 },
        { "openai-error=500", typeof(ParallelServerException), 500 },
        { "drop=0", typeof(ParallelStreamInterruptedException), null },
    };

    [Theory]
    [MemberData(nameof(PersistentFaults))]
    public async Task A_transient_fault_that_persists_gives_its_typed_error_after_two_retries(string fault, Type expected, int? status)
    {
        await using ParallelEmulator emulator = await StartEmulator();
        EnqueueFault(emulator, fault, times: 3);

        using ParallelChatClient client = ClientOf(emulator);

        var e = await Clients.FailsWith<ParallelException>(() => client.StreamAsync<Location>("q", ParallelModel.Speed).ToListAsync());

        Assert.IsType(expected, e);
        Assert.Equal(status, e.StatusCode);
        Assert.Equal(3, emulator.RequestCount);
        await AssertConnectionReleased(client, emulator);
    }

    public static TheoryData<string, Type> FinalFaults => new()
    {
        { "openai-error=400", typeof(ParallelInvalidRequestException) },
        { "fastapi-detail=list", typeof(ParallelInvalidRequestException) },
        { "fastapi-detail=string", typeof(ParallelInvalidRequestException) },
        { "403", typeof(ParallelPermissionDeniedException) },
        { "402", typeof(ParallelPaymentRequiredException) },
        { "404", typeof(ParallelNotFoundException) },
        { "malformed-chunk", typeof(ParallelResponseFormatException) },
        { "stream-error", typeof(ParallelServerException) },
        { "prose", typeof(ParallelResponseFormatException) },
    };

    [Theory]
    [MemberData(nameof(FinalFaults))]
    public async Task A_fault_that_is_not_transient_gives_its_typed_error_at_once(string fault, Type expected)
    {
        await using ParallelEmulator emulator = await StartEmulator();
        EnqueueFault(emulator, fault);
        using ParallelChatClient client = ClientOf(emulator);

        var e = await Clients.FailsWith<ParallelException>(() => client.StreamAsync<Location>("q", ParallelModel.Speed).ToListAsync());

        Assert.IsType(expected, e);
        Assert.Single(emulator.Requests);
        if (e is ParallelInvalidRequestException invalid && fault.StartsWith("fastapi-detail=list", StringComparison.Ordinal))
        {
            Assert.NotEmpty(invalid.ValidationErrors);
        }

        if (e is ParallelResponseFormatException format)
        {
            Assert.False(string.IsNullOrEmpty(format.RawText));
        }

        await AssertConnectionReleased(client, emulator);
    }

    [Theory]
    [InlineData("fenced-json")]
    [InlineData("prose-before-json")]
    public async Task Fenced_JSON_and_prose_before_JSON_still_give_the_typed_value(string fault)
    {
        await using ParallelEmulator emulator = await StartEmulator();
        Assert.True(EmulatorFault.TryParse(fault, out EmulatorFault? parsed));
        emulator.Enqueue(new ScriptedResponse { Content = """{"city":"Rome","temperature":22,"units":"c"}""", Fault = parsed });
        using ParallelChatClient client = ClientOf(emulator);

        ParallelResponse<Location> r = await client.AskAsync<Location>("q", ParallelModel.Speed).Within();

        Assert.Equal(new Location("Rome", 22, Units.c), r.Value);
    }

    [Fact]
    public async Task A_connection_dropped_mid_answer_is_a_stream_interruption_that_is_not_retried()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        emulator.Enqueue(new ScriptedResponse
        {
            Chunks = ["{\"city\":\"Long", " Beach\",\"temperature\":20,", "\"units\":\"f\"}"],
            Fault = EmulatorFault.DropConnectionAfter(400),
        });
        using ParallelChatClient client = ClientOf(emulator);

        var e = await Clients.FailsWith<ParallelStreamInterruptedException>(() => client.StreamAsync<Location>("q", ParallelModel.Speed).ToListAsync());

        Assert.StartsWith("{\"city\":\"Long", e.PartialAnswer, StringComparison.Ordinal);
        Assert.Equal(1, emulator.RequestCount);
        await AssertConnectionReleased(client, emulator);
    }

    [Fact]
    public async Task A_stall_longer_than_the_stall_timeout_is_a_stall_timeout_and_a_short_one_is_not()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        emulator.Enqueue(new ScriptedResponse { Content = """{"city":"Kyiv","temperature":3,"units":"c"}""", Fault = EmulatorFault.Stall(TimeSpan.FromSeconds(10)) });
        emulator.Enqueue(new ScriptedResponse { Content = """{"city":"Kyiv","temperature":3,"units":"c"}""", Fault = EmulatorFault.Stall(TimeSpan.FromMilliseconds(100)) });
        using ParallelChatClient client = ClientOf(emulator, TimeProvider.System, o => o.StallTimeout = TimeSpan.FromSeconds(2));

        var e = await Clients.FailsWith<ParallelTimeoutException>(() => client.StreamAsync<Location>("q", ParallelModel.Speed).ToListAsync());
        List<ParallelStreamUpdate<Location>> ok = await client.StreamAsync<Location>("q", ParallelModel.Speed).ToListAsync().Within();

        Assert.Equal(ParallelTimeoutKind.Stall, e.Kind);
        Assert.Equal("Kyiv", ok[^1].Value!.City);
    }

    [Fact]
    public async Task A_core_answer_whose_first_token_comes_after_six_minutes_succeeds_with_the_clients_own_HttpClient()
    {
        var time = new ManualTimeProvider();
        await using ParallelEmulator emulator = await StartEmulator(o => o.TimeProvider = time);
        emulator.Enqueue(new ScriptedResponse { Content = """{"city":"Lima","temperature":18,"units":"c"}""", FirstTokenDelay = TimeSpan.FromMinutes(6) });
        using var client = new ParallelChatClient(new ParallelChatClientOptions
        {
            ApiKey = emulator.ApiKey,
            BaseUrl = emulator.BaseUrl,
            TimeProvider = time,
            Logger = TestKeys.Log,
        });

        Task<List<ParallelStreamUpdate<Location>>> call = client.StreamAsync<Location>("q", ParallelModel.Core).ToListAsync();
        await time.WhenTimerScheduled(TimeSpan.FromMinutes(6)).WaitAsync(Clients.Deadline);

        time.Advance(TimeSpan.FromMinutes(6));
        List<ParallelStreamUpdate<Location>> updates = await call.Within();

        Assert.Equal("Lima", updates[^1].Value!.City);
        Assert.Equal(Timeout.InfiniteTimeSpan, client.Transport.OwnedHttpClient!.Timeout);
    }

    [Fact]
    public async Task Past_the_servers_rate_limit_the_call_is_a_rate_limit_error()
    {
        await using ParallelEmulator emulator = await StartEmulator(o => o.RequestsPerMinute = 2);
        using ParallelChatClient client = ClientOf(emulator, configure: o =>
        {
            o.RequestsPerMinute = 0;
            o.Retry = new ParallelRetryOptions { MaxRetries = 0 };
        });

        await client.AskAsync("one", ParallelModel.Speed).Within();
        await client.AskAsync("two", ParallelModel.Speed).Within();
        var e = await Clients.FailsWith<ParallelRateLimitException>(() => client.AskAsync("three", ParallelModel.Speed));

        Assert.Equal(429, e.StatusCode);
        Assert.Null(e.RetryAfter);
    }
}
