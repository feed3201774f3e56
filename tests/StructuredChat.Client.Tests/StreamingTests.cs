using System.Net;
using System.Text;
using System.Text.Json;

namespace StructuredChat.Client.Tests;

public sealed class StreamingTests
{
    private static async Task<(List<ParallelTextStreamUpdate> Updates, ScriptedHandler Handler)> StreamRecorded(string name, int readSize = 7)
    {
        var handler = new ScriptedHandler().EnqueueStream(RecordedStreams.Read(name), readSize);
        using ParallelChatClient client = Clients.Create(handler);
        List<ParallelTextStreamUpdate> updates = await client.StreamAsync("q").ToListAsync().Within();
        Assert.True(handler.AllBodiesReleased);
        return (updates, handler);
    }

    [Theory]
    [InlineData("plain-text", 1)]
    [InlineData("plain-text", 7)]
    [InlineData("plain-text", 4096)]
    [InlineData("json-object-mode", 3)]
    [InlineData("structured-location", 5)]
    public async Task A_recorded_stream_gives_choice_0s_text_piece_by_piece(string name, int readSize)
    {
        (List<ParallelTextStreamUpdate> updates, _) = await StreamRecorded(name, readSize);

        string expected = RecordedStreams.ContentOfChoice0(name);
        ParallelTextStreamUpdate last = updates[^1];
        Assert.True(last.IsComplete);
        Assert.Equal(expected, last.Text);
        Assert.Equal(expected, string.Concat(updates.Select(u => u.Delta)));
        Assert.All(updates[..^1], u => Assert.False(u.IsComplete));
        Assert.True(updates.Count > 10);
    }

    [Fact]
    public async Task The_recorded_location_stream_is_the_location_json()
    {
        (List<ParallelTextStreamUpdate> updates, _) = await StreamRecorded("structured-location");

        Assert.Equal("""{"city":"San Francisco","temperature":61,"units":"f"}""", updates[^1].Text);
    }

    [Fact]
    public async Task The_recorded_json_object_stream_parses_and_keeps_non_ASCII_text()
    {
        (List<ParallelTextStreamUpdate> updates, _) = await StreamRecorded("json-object-mode");

        using JsonDocument document = JsonDocument.Parse(updates[^1].Text!);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        Assert.Contains("18°C", updates[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_three_interleaved_choices_only_choice_0_is_read()
    {
        (List<ParallelTextStreamUpdate> updates, _) = await StreamRecorded("structured-three-choices");

        using JsonDocument document = JsonDocument.Parse(updates[^1].Text!);
        Assert.Equal(65, document.RootElement.GetProperty("temperature").GetInt32());
        Assert.Equal(RecordedStreams.ContentOfChoice0("structured-three-choices"), updates[^1].Text);
    }

    [Fact]
    public async Task The_recorded_max_tokens_stream_ends_after_its_two_characters()
    {
        (List<ParallelTextStreamUpdate> updates, _) = await StreamRecorded("structured-max-tokens");

        Assert.Equal("{\"", updates[^1].Text);
    }

    [Fact]
    public async Task The_recorded_refusal_is_a_refusal_error_with_its_text()
    {
        var handler = new ScriptedHandler().EnqueueStream(RecordedStreams.Read("structured-refusal"));
        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelRefusalException>(() => client.StreamAsync("q").ToListAsync());

        Assert.Equal("I'm sorry, I can't assist with that request.", e.Refusal);
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task Comments_other_event_types_and_empty_events_are_skipped_and_EOF_ends_the_stream()
    {
        const string sse = ": keep-alive\n\n"
            + "event: progress\ndata: {\"status\":\"searching\"}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
            + ": another comment\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}],\"interaction_id\":\"int_mid\"}\n\n"
            + "event: message\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}\r\n\r\n"
            + "data:\n\n"
            + "data: {\"choices\":[],\"basis\":[{\"field\":\"content\",\"reasoning\":\"r\",\"citations\":[{\"url\":\"https://a.example\"}],\"confidence\":\"low\"}]}\n\n";
        var handler = new ScriptedHandler().EnqueueStream(sse, readSize: 3);
        using ParallelChatClient client = Clients.Create(handler);

        List<ParallelTextStreamUpdate> updates = await client.StreamAsync("q").ToListAsync().Within();

        Assert.Equal(["Hel", "lo", ""], updates.Select(u => u.Delta));
        ParallelTextStreamUpdate last = updates[^1];
        Assert.Equal("Hello", last.Text);
        Assert.Equal("int_mid", last.InteractionId);
        FieldBasis basis = Assert.Single(last.BasisEntries);
        Assert.Equal("content", basis.Field);
        Assert.Equal(BasisConfidence.Low, basis.Confidence);
        Assert.Null(Assert.Single(basis.Citations).Title);
        Assert.Empty(basis.Citations[0].Excerpts);
    }

    [Fact]
    public async Task Done_ends_the_stream_even_if_more_follows_and_basis_entries_merge_by_field()
    {
        const string sse =
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"basis\":[{\"field\":\"x\",\"reasoning\":\"first\"}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}],\"basis\":[{\"field\":\"x\",\"reasoning\":\"second\"},{\"field\":\"y\",\"reasoning\":\"y\"}],\"interaction_id\":\"int_1\"}\n\n"
            + "data: [DONE]\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"NOT PART\"}}]}\n\n";
        var handler = new ScriptedHandler().EnqueueStream(sse);
        using ParallelChatClient client = Clients.Create(handler);

        ParallelTextStreamUpdate last = (await client.StreamAsync("q").ToListAsync().Within())[^1];

        Assert.Equal("ab", last.Text);
        Assert.Equal(["second", "y"], last.BasisEntries.Select(b => b.Reasoning));
        Assert.Equal("int_1", last.InteractionId);
    }

    [Fact]
    public async Task An_error_event_mid_stream_is_a_server_error_after_the_text_already_seen()
    {
        const string sse =
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}\n\n"
            + "data: {\"type\":\"error\",\"error\":{\"ref_id\":\"ref_mid\",\"message\":\"Processor crashed\",\"detail\":null}}\n\n";
        var handler = new ScriptedHandler().EnqueueStream(sse);
        using ParallelChatClient client = Clients.Create(handler);
        var seen = new List<string>();

        var e = await Clients.FailsWith<ParallelServerException>(async () =>
        {
            await foreach (ParallelTextStreamUpdate u in client.StreamAsync("q"))
            {
                seen.Add(u.Delta);
            }
        });

        Assert.Equal(["partial"], seen);
        Assert.Equal("ref_mid", e.ReferenceId);
        Assert.Equal("Processor crashed", e.Error.ServerMessage);
        Assert.Contains("Processor crashed", e.RawBody, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task A_malformed_chunk_is_a_format_error_that_keeps_the_event()
    {
        const string sse =
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"bro\n\n";
        var handler = new ScriptedHandler().EnqueueStream(sse);
        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelResponseFormatException>(() => client.StreamAsync("q").ToListAsync());

        Assert.Equal("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"bro", e.RawText);
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task A_connection_dropped_before_any_text_is_retried_transparently()
    {
        byte[] full = RecordedStreams.Read("structured-location");
        int beforeFirstContent = Encoding.UTF8.GetString(full).IndexOf("{\\\"", StringComparison.Ordinal) - 50;
        var handler = new ScriptedHandler()
            .EnqueueStream(new TrackedStream(full, 16) { FailAfter = beforeFirstContent })
            .EnqueueStream(full);
        using ParallelChatClient client = Clients.Create(handler);

        List<ParallelTextStreamUpdate> updates = await client.StreamAsync("q").ToListAsync().Within();

        Assert.Equal("""{"city":"San Francisco","temperature":61,"units":"f"}""", updates[^1].Text);
        Assert.Equal(2, handler.Requests.Count);
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task A_connection_dropped_after_text_reached_the_caller_is_not_retried_and_keeps_the_partial_answer()
    {
        byte[] full = RecordedStreams.Read("structured-location");
        int afterSan = Encoding.UTF8.GetString(full).IndexOf("\"San\"", StringComparison.Ordinal) + 200;
        var handler = new ScriptedHandler()
            .EnqueueStream(new TrackedStream(full, 16) { FailAfter = afterSan })
            .EnqueueStream(full);
        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelStreamInterruptedException>(() => client.StreamAsync("q").ToListAsync());

        Assert.StartsWith("{\"city\":\"San", e.PartialAnswer, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(e.InnerException);
        Assert.Single(handler.Requests);
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task Silence_mid_stream_longer_than_the_stall_timeout_is_a_stall_timeout()
    {
        byte[] full = RecordedStreams.Read("structured-location");
        int afterSan = Encoding.UTF8.GetString(full).IndexOf("\"San\"", StringComparison.Ordinal) + 200;
        var body = new TrackedStream(full, 16) { StallAfter = afterSan };
        var handler = new ScriptedHandler().EnqueueStream(body);
        var time = new ManualTimeProvider();
        using ParallelChatClient client = Clients.Create(handler, time, o => o.StallTimeout = TimeSpan.FromMinutes(3));

        Task<List<ParallelTextStreamUpdate>> call = client.StreamAsync("q", ParallelModel.Core).ToListAsync();
        await body.Stalled.Task.WaitAsync(Clients.Deadline);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1.5));

        var e = await Clients.FailsWith<ParallelTimeoutException>(() => call);
        Assert.Equal(ParallelTimeoutKind.Stall, e.Kind);
        Assert.Equal(TimeSpan.FromMinutes(3), e.Timeout);
        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task Keep_alives_after_the_answer_started_do_not_restart_the_stall_timer()
    {
        var body = new LockstepStream();
        var handler = new ScriptedHandler().Enqueue(_ =>
        {
            var content = new StreamContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        });
        var time = new ManualTimeProvider();
        using ParallelChatClient client = Clients.Create(handler, time, o => o.StallTimeout = TimeSpan.FromMinutes(2));

        Task<List<ParallelTextStreamUpdate>> call = client.StreamAsync("q").ToListAsync();
        await body.WaitForReadAsync();
        body.Send("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n");
        string[] keepAlives = ["event: ping\ndata: {}\n\n", ": keep-alive\n\n", "event: ping\ndata: {\"t\":1}\n\n"];
        await body.WaitForReadAsync();
        foreach (string keepAlive in keepAlives)
        {
            body.Send(keepAlive);
            await body.WaitForReadAsync();
            time.Advance(TimeSpan.FromSeconds(45));
        }

        var e = await Clients.FailsWith<ParallelTimeoutException>(() => call);
        Assert.Equal(ParallelTimeoutKind.Stall, e.Kind);
        Assert.Equal(TimeSpan.FromMinutes(2), e.Timeout);
    }

    [Fact]
    public async Task No_answer_within_the_models_first_token_timeout_is_a_first_token_timeout()
    {
        var handler = new ScriptedHandler().Enqueue(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        var time = new ManualTimeProvider();
        using ParallelChatClient client = Clients.Create(handler, time, o => o.FirstTokenTimeouts["speed"] = TimeSpan.FromSeconds(90));

        Task<List<ParallelTextStreamUpdate>> call = client.StreamAsync("q", ParallelModel.Speed).ToListAsync();
        Assert.True(await handler.Arrived.WaitAsync(Clients.Deadline));
        time.Advance(TimeSpan.FromSeconds(91));

        var e = await Clients.FailsWith<ParallelTimeoutException>(() => call);
        Assert.Equal(ParallelTimeoutKind.FirstToken, e.Kind);
        Assert.Equal(TimeSpan.FromSeconds(90), e.Timeout);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_core_answer_that_starts_after_six_minutes_succeeds()
    {
        var time = new ManualTimeProvider();
        var handler = new ScriptedHandler();
        handler.Enqueue(async ct =>
        {
            await Task.Delay(TimeSpan.FromMinutes(6), time, ct);
            return handler.Respond(HttpStatusCode.OK, new TrackedStream(RecordedStreams.Read("structured-location"), 64), "text/event-stream");
        });
        using ParallelChatClient client = Clients.Create(handler, time);

        Task<List<ParallelTextStreamUpdate>> call = client.StreamAsync("q", ParallelModel.Core).ToListAsync();
        await time.WhenTimerScheduled(TimeSpan.FromMinutes(6)).WaitAsync(Clients.Deadline);
        time.Advance(TimeSpan.FromMinutes(6));

        List<ParallelTextStreamUpdate> updates = await call.Within();
        Assert.Equal("""{"city":"San Francisco","temperature":61,"units":"f"}""", updates[^1].Text);
    }

    [Fact]
    public async Task Cancelling_mid_stream_stops_at_once_and_releases_the_connection()
    {
        byte[] full = RecordedStreams.Read("structured-location");
        var body = new TrackedStream(full, 16) { StallAfter = full.Length / 2 };
        var handler = new ScriptedHandler().EnqueueStream(body);
        using ParallelChatClient client = Clients.Create(handler);
        using var cts = new CancellationTokenSource();

        Task<List<ParallelTextStreamUpdate>> call = client.StreamAsync("q", cancellationToken: cts.Token).ToListAsync();
        await body.Stalled.Task.WaitAsync(Clients.Deadline);
        await cts.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Within());
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task Cancelling_while_waiting_for_the_first_token_stops_at_once_as_a_cancellation()
    {
        var handler = new ScriptedHandler().Enqueue(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        using ParallelChatClient client = Clients.Create(handler);
        using var cts = new CancellationTokenSource();

        Task<ParallelResponse<Location>> call = client.AskAsync<Location>("q", ParallelModel.Core, cts.Token);
        Assert.True(await handler.Arrived.WaitAsync(Clients.Deadline));
        await cts.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Within());
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Leaving_the_loop_early_releases_the_connection()
    {
        var handler = new ScriptedHandler().EnqueueStream(RecordedStreams.Read("plain-text"));
        using ParallelChatClient client = Clients.Create(handler);

        await foreach (ParallelTextStreamUpdate update in client.StreamAsync("q"))
        {
            Assert.False(update.IsComplete);
            break;
        }

        Assert.True(handler.AllBodiesReleased);
    }
}
