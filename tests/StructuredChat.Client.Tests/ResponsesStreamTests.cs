using System.Net;
using System.Text;
using static StructuredChat.Client.Tests.ResponsesWire;

namespace StructuredChat.Client.Tests;

/// <summary>The Responses API's wire as a scripted server sends it: event order, item lifetimes, deltas of any size, terminal events, errors.</summary>
public sealed class ResponsesStreamTests
{
    private static readonly ParallelModel Responses = ParallelModel.Responses(ParallelResearchEffort.Low);

    private const string Zurich = """{"city":"Zürich","temperature":7.5,"units":"c"}""";

    [Fact]
    public async Task A_search_item_that_closes_after_the_message_delta_does_not_disturb_the_text_and_is_on_the_trail()
    {
        var handler = new ScriptedHandler().EnqueueStream(Stream("resp_1", [Zurich]), readSize: 5);
        using ParallelChatClient client = Clients.Create(handler);

        List<ParallelStreamUpdate<Location>> updates = await client.StreamAsync<Location>("q", Responses).ToListAsync().Within();

        Assert.Equal(new Location("Zürich", 7.5, Units.c), updates[^1].Value);
        Assert.Equal("resp_1", updates[^1].InteractionId);
        ParallelSearchStep step = Assert.Single(updates[^1].Response!.ResponsesDetails!.SearchTrail);
        Assert.Equal(("ws_1", "search", "q"), (step.Id, step.ActionType, step.Query));
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task Deltas_of_any_size_and_reads_of_any_size_give_the_same_value_and_a_growing_partial()
    {
        int seed = Environment.GetEnvironmentVariable("RESPONSES_SEED") is { } fixedSeed ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        var random = new Random(seed);
        for (int run = 0; run < 40; run++)
        {
            var pieces = new List<string>();
            for (int at = 0; at < Zurich.Length;)
            {
                int size = Math.Min(Zurich.Length - at, random.Next(1, 12));
                pieces.Add(Zurich.Substring(at, size));
                at += size;
            }

            var handler = new ScriptedHandler().EnqueueStream(Stream("resp_r", pieces), readSize: random.Next(1, 64));
            using ParallelChatClient client = Clients.Create(handler);
            var cities = new List<string?>();
            ParallelStreamUpdate<Location> last = default;
            await foreach (ParallelStreamUpdate<Location> update in client.StreamAsync<Location>("q", Responses))
            {
                cities.Add(update.Partial.City);
                last = update;
            }

            string context = $"seed {seed} (RESPONSES_SEED), run {run}, pieces [{string.Join("|", pieces)}]";
            Assert.True(new Location("Zürich", 7.5, Units.c) == last.Value, context);
            Assert.True(cities.Where(c => c is not null).Zip(cities.Where(c => c is not null).Skip(1)).All(p => p.Second!.StartsWith(p.First!, StringComparison.Ordinal)), context);
        }
    }

    [Fact]
    public async Task A_part_that_opens_while_another_is_streaming_waits_its_turn_so_the_text_is_in_output_order()
    {
        var sse = new StringBuilder()
            .Append(Terminal("response.created", Response("resp_2", "in_progress", "")))
            .Append(Delta("msg_a", 0, "Alpha "))
            .Append(Delta("msg_b", 1, "Beta "))
            .Append(Delta("msg_a", 0, "one. "))
            .Append(Event("response.output_text.done", "\"item_id\":\"msg_a\",\"output_index\":0,\"content_index\":0,\"text\":\"Alpha one. \""))
            .Append(Delta("msg_b", 1, "two."))
            .Append(Terminal("response.completed", Response("resp_2", "completed", Message("msg_a", "Alpha one. ") + "," + Message("msg_b", "Beta two."))))
            .ToString();
        var handler = new ScriptedHandler().EnqueueStream(sse);
        using ParallelChatClient client = Clients.Create(handler);

        List<ParallelTextStreamUpdate> updates = await client.StreamAsync("q", Responses).ToListAsync().Within();

        Assert.Equal(["Alpha ", "one. ", "Beta ", "two.", ""], updates.Select(u => u.Delta));
        Assert.Equal("Alpha one. Beta two.", updates[^1].Text);
    }

    [Fact]
    public async Task Text_that_only_the_done_events_carry_still_reaches_the_caller()
    {
        var sse = Terminal("response.created", Response("resp_3", "in_progress", ""))
            + Event("response.output_text.done", $"\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"text\":{Json(Zurich)}")
            + Terminal("response.completed", Response("resp_3", "completed", Message("msg_1", Zurich)));
        var noDone = Terminal("response.completed", Response("resp_4", "completed", Message("msg_1", Zurich)));
        var handler = new ScriptedHandler().EnqueueStream(sse).EnqueueStream(noDone);
        using ParallelChatClient client = Clients.Create(handler);

        ParallelStreamUpdate<Location> first = (await client.StreamAsync<Location>("q", Responses).ToListAsync().Within())[^1];
        ParallelStreamUpdate<Location> second = (await client.StreamAsync<Location>("q", Responses).ToListAsync().Within())[^1];

        Assert.Equal("Zürich", first.Value!.City);
        Assert.Equal("Zürich", second.Value!.City);
    }

    [Fact]
    public async Task Streamed_text_that_disagrees_with_response_completed_is_a_format_error()
    {
        var sse = Delta("msg_1", 0, "{\"city\":\"Bern\"")
            + Terminal("response.completed", Response("resp_5", "completed", Message("msg_1", Zurich)));
        using ParallelChatClient client = Clients.Create(new ScriptedHandler().EnqueueStream(sse));

        var e = await Clients.FailsWith<ParallelResponseFormatException>(() => client.StreamAsync<Location>("q", Responses).ToListAsync());

        Assert.Contains("disagrees", e.Message, StringComparison.Ordinal);
        Assert.Equal(Zurich, e.RawText);
    }

    [Fact]
    public async Task Response_failed_is_a_server_error_with_the_servers_message_and_no_retry_after_text()
    {
        string failed = Response("resp_6", "failed", "").Replace("\"error\":null", "\"error\":{\"code\":\"server_error\",\"message\":\"Research backend unavailable.\"}", StringComparison.Ordinal);
        var handler = new ScriptedHandler().EnqueueStream(Delta("msg_1", 0, "{\"ci") + Terminal("response.failed", failed));
        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelServerException>(() => client.StreamAsync<Location>("q", Responses).ToListAsync());

        Assert.Contains("Research backend unavailable.", e.Message, StringComparison.Ordinal);
        Assert.Equal("server_error", e.Error.ErrorCode);
        Assert.Equal("resp_6", e.ReferenceId);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Response_incomplete_is_its_own_error_with_the_reason_and_the_text_received()
    {
        string incomplete = Response("resp_7", "incomplete", Message("msg_1", "{\"city\":\"Zü"))
            .Replace("\"incomplete_details\":null", "\"incomplete_details\":{\"reason\":\"max_output_tokens\"}", StringComparison.Ordinal);
        var handler = new ScriptedHandler().EnqueueStream(Delta("msg_1", 0, "{\"city\":\"Zü") + Terminal("response.incomplete", incomplete));
        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelIncompleteResponseException>(() => client.StreamAsync<Location>("q", Responses).ToListAsync());

        Assert.Equal("max_output_tokens", e.Reason);
        Assert.Equal("{\"city\":\"Zü", e.PartialAnswer);
        Assert.Contains("max_output_tokens", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("data: [DONE]\n\n")]
    public async Task The_end_of_the_stream_before_a_terminal_event_is_an_interrupted_stream_that_keeps_the_text(string ending)
    {
        var handler = new ScriptedHandler().EnqueueStream(Terminal("response.created", Response("resp_8", "in_progress", "")) + Delta("msg_1", 0, "{\"city\":\"Zü") + ending);
        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelStreamInterruptedException>(() => client.StreamAsync<Location>("q", Responses).ToListAsync());

        Assert.Equal("{\"city\":\"Zü", e.PartialAnswer);
        Assert.Contains("response.completed", e.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_stream_that_ends_before_any_text_is_retried_like_a_broken_connection()
    {
        var handler = new ScriptedHandler()
            .EnqueueStream(Terminal("response.created", Response("resp_9", "in_progress", "")))
            .EnqueueStream(Stream("resp_10", [Zurich]));
        using ParallelChatClient client = Clients.Create(handler, configure: o => o.Retry = new ParallelRetryOptions { InitialDelay = TimeSpan.Zero });

        ParallelResponse<Location> answer = await client.AskAsync<Location>("q", Responses).Within();

        Assert.Equal("resp_10", answer.InteractionId);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Comments_keep_alives_unknown_events_and_what_follows_the_terminal_event_are_skipped()
    {
        var sse = ": research in progress\n\n"
            + "event: keepalive\ndata: {}\n\n"
            + Event("response.reasoning_summary.delta", "\"delta\":\"thinking\"")
            + Event("response.mcp_call.in_progress", "\"item_id\":\"mcp_1\",\"output_index\":0")
            + Delta("msg_1", 1, Zurich)
            + Terminal("response.completed", Response("resp_11", "completed", """{"id":"mcp_1","type":"mcp_call","status":"completed","name":"lookup","server_label":"crm","arguments":"{}","output":"ok"},""" + Message("msg_1", Zurich)))
            + "data: [DONE]\n\n"
            + "data: {not json at all\n\n";
        using ParallelChatClient client = Clients.Create(new ScriptedHandler().EnqueueStream(sse));

        ParallelResponse<Location> answer = await client.AskAsync<Location>("q", Responses).Within();

        Assert.Equal("Zürich", answer.Value.City);
        ParallelToolItem tool = Assert.Single(answer.ResponsesDetails!.ToolItems);
        Assert.Equal(("mcp_call", "lookup", "crm"), (tool.Type, tool.Name, tool.ServerLabel));
        Assert.Contains("\"output\":\"ok\"", tool.RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_event_is_a_server_error_with_its_message()
    {
        var sse = Terminal("response.created", Response("resp_12", "in_progress", ""))
            + "event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"Upstream search failed.\",\"param\":null}\n\n";
        using ParallelChatClient client = Clients.Create(new ScriptedHandler().EnqueueStream(sse));

        var e = await Clients.FailsWith<ParallelServerException>(() => client.StreamAsync("q", Responses).ToListAsync());

        Assert.Contains("Upstream search failed.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_part_is_the_refusal_error()
    {
        const string refused = """{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"refusal","refusal":"I cannot help with that."}]}""";
        using ParallelChatClient client = Clients.Create(new ScriptedHandler().Enqueue(HttpStatusCode.OK, Response("resp_13", "completed", refused)));

        var e = await Clients.FailsWith<ParallelRefusalException>(() => client.AskAsync<Location>("q", Responses));

        Assert.Equal("I cannot help with that.", e.Refusal);
    }

    [Fact]
    public async Task A_body_with_the_message_after_the_search_trail_gives_the_value_trail_usage_and_creation_time()
    {
        string body = Response("resp_14", "completed", Search("ws_1", "Zürich weather") + "," + OpenPage("ws_2", "https://meteo.example/zh") + "," + Message("msg_1", Zurich));
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.OK, body);
        using ParallelChatClient client = Clients.Create(handler);

        ParallelResponse<Location> answer = await client.AskAsync<Location>("q", Responses).Within();

        ParallelResponsesDetails details = answer.ResponsesDetails!;
        Assert.Equal("Zürich", answer.Value.City);
        Assert.Equal(["search", "open_page"], details.SearchTrail.Select(s => s.ActionType));
        Assert.Equal(["Zürich weather"], details.SearchTrail[0].Queries);
        Assert.Equal("https://meteo.example/zh", details.SearchTrail[1].Url);
        Assert.Equal(new ParallelUsage(20, 15, 35, 0, 0), details.Usage);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_500), details.CreatedAt);
        Assert.Empty(details.Metadata);
        string sent = handler.Requests.Single().Body;
        Assert.Contains("\"reasoning\":{\"effort\":\"low\"}", sent, StringComparison.Ordinal);
        Assert.Contains("\"input\":\"q\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"stream\":false", sent, StringComparison.Ordinal);
        Assert.EndsWith("/v1/responses", handler.Requests.Single().Uri.AbsolutePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("failed", typeof(ParallelServerException))]
    [InlineData("incomplete", typeof(ParallelIncompleteResponseException))]
    public async Task A_body_whose_status_is_not_completed_is_a_typed_error(string status, Type expected)
    {
        using ParallelChatClient client = Clients.Create(new ScriptedHandler().Enqueue(HttpStatusCode.OK, Response("resp_15", status, Message("msg_1", "{"))));

        Exception e = await Clients.FailsWith<ParallelException>(() => client.AskAsync<Location>("q", Responses));

        Assert.IsType(expected, e);
    }

    [Fact]
    public async Task A_body_without_a_message_item_is_a_format_error()
    {
        using ParallelChatClient client = Clients.Create(new ScriptedHandler().Enqueue(HttpStatusCode.OK, Response("resp_16", "completed", Search("ws_1", "q"))));

        var e = await Clients.FailsWith<ParallelResponseFormatException>(() => client.AskAsync("q", Responses));

        Assert.Contains("no message item", e.Message, StringComparison.Ordinal);
        Assert.Contains("web_search_call", e.RawText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, """{"error":{"message":"The Responses API only supports model 'parallel'.","type":"invalid_request_error","param":null,"code":null}}""", "The Responses API only supports model 'parallel'.")]
    [InlineData(422, """{"detail":[{"loc":["body","background"],"msg":"background mode is not supported on /v1/responses","type":"value_error"}]}""", "background mode is not supported")]
    public async Task Both_rejection_bodies_are_invalid_request_errors_with_the_servers_words(int status, string body, string said)
    {
        var handler = new ScriptedHandler().Enqueue((HttpStatusCode)status, body);
        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelInvalidRequestException>(() => client.AskAsync("q", Responses));

        Assert.Contains(said, e.Message, StringComparison.Ordinal);
        Assert.Equal(body, e.Error.RawBody);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task The_base_url_forms_users_write_all_reach_v1_responses()
    {
        foreach ((string baseUrl, string expected) in new[]
        {
            ("https://api.parallel.test", "/v1/responses"),
            ("https://api.parallel.test/v1", "/v1/responses"),
            ("https://api.parallel.test/chat/completions", "/v1/responses"),
            ("https://gateway.test/parallel/", "/parallel/v1/responses"),
        })
        {
            using var client = new ParallelChatClient(new ParallelChatClientOptions { ApiKey = TestKeys.ApiKey, BaseUrl = new Uri(baseUrl) });
            Assert.Equal(expected, client.ResponsesEndpoint.AbsolutePath);
        }
    }

    [Fact]
    public async Task Spans_in_every_form_land_on_their_values_and_a_span_on_no_single_value_is_kept_as_unmapped()
    {
        // {"name":"Contoso","founded":"2023","founders":[{"name":"Ada","role":"CEO"},{"name":"Bo","role":"CTO"}]}
        const string Text = """{"name":"Contoso","founded":"2023","founders":[{"name":"Ada","role":"CEO"},{"name":"Bo","role":"CTO"}]}""";
        (int Start, int End) Of(string piece, int from = 0)
        {
            int at = Text.IndexOf(piece, from, StringComparison.Ordinal);
            return (at, at + piece.Length);
        }

        var spans = new (string Url, (int Start, int End) Span)[]
        {
            ("https://a.example/name-with-quotes", Of("\"Contoso\"")),
            ("https://b.example/name-content", Of("Contoso")),
            ("https://c.example/founded-member", Of("\"founded\":\"2023\"")),
            ("https://d.example/second-founder-role", Of("CTO")),
            ("https://e.example/first-founder", (Of("{\"name\":\"Ada\"").Start, Of("\"CEO\"}").End)),
            ("https://f.example/whole-answer", (0, Text.Length)),
            ("https://g.example/past-the-end", (Text.Length + 5, Text.Length + 9)),
        };
        string annotations = "[" + string.Join(",", spans.Select(s => Citation(s.Url, s.Span.Start, s.Span.End))) + "]";
        using ParallelChatClient client = Clients.Create(new ScriptedHandler().EnqueueStream(Stream("resp_c", [Text[..20], Text[20..]], annotations)));

        ParallelResponse<CompanyInfo> answer = (await client.StreamAsync<CompanyInfo>("q", Responses).ToListAsync().Within())[^1].Response!;

        Basis<CompanyInfo> basis = answer.Basis;
        Assert.Equal(["https://a.example/name-with-quotes", "https://b.example/name-content"], basis.Name!.Citations.Select(c => c.Url));
        Assert.Equal("https://c.example/founded-member", Assert.Single(basis.Founded!.Citations).Url);
        Assert.Equal("https://d.example/second-founder-role", Assert.Single(basis.Founders.Element(1).Role!.Citations).Url);
        Assert.Equal("https://e.example/first-founder", Assert.Single(basis.Founders[0]!.Citations).Url);
        Assert.Equal(["https://f.example/whole-answer", "https://g.example/past-the-end"], ResearchBasis.Unmapped(basis).SelectMany(e => e.Citations).Select(c => c.Url));
        Assert.Equal(["name", "name", "founded", "founders.1.role", "founders.0", null, null], answer.ResponsesDetails!.Citations.Select(c => c.JsonPath));
        Assert.Equal(spans.Select(s => s.Span), answer.ResponsesDetails.Citations.Select(c => (c.StartIndex, c.EndIndex)));
    }

    public static TheoryData<string> KeyForms => new()
    {
        TestKeys.ApiKey,
        string.Concat(TestKeys.ApiKey.Select(c => $"\\u{(int)c:x4}")),
        Uri.EscapeDataString(TestKeys.ApiKey).Replace("-", "%2D", StringComparison.Ordinal),
    };

    [Theory]
    [MemberData(nameof(KeyForms))]
    public async Task A_key_the_server_echoes_in_a_failed_response_its_id_or_the_text_never_reaches_an_exception(string echoed)
    {
        string failed = Response(TestKeys.ApiKey, "failed", "")
            .Replace("\"error\":null", $"\"error\":{{\"code\":\"server_error\",\"message\":\"bad key {echoed}\"}}", StringComparison.Ordinal);
        string incomplete = Response("resp_k", "incomplete", Message("msg_1", "{\"city\":\"" + TestKeys.ApiKey))
            .Replace("\"incomplete_details\":null", $"\"incomplete_details\":{{\"reason\":\"{echoed}\"}}", StringComparison.Ordinal);
        var handler = new ScriptedHandler()
            .EnqueueStream(Terminal("response.failed", failed))
            .EnqueueStream(Delta("msg_1", 0, "{\"city\":\"" + TestKeys.ApiKey) + Terminal("response.incomplete", incomplete))
            .Enqueue(HttpStatusCode.OK, failed);
        using ParallelChatClient client = Clients.Create(handler);

        var streamFailed = await Clients.FailsWith<ParallelServerException>(() => client.StreamAsync<Location>("q", Responses).ToListAsync());
        var streamIncomplete = await Clients.FailsWith<ParallelIncompleteResponseException>(() => client.StreamAsync<Location>("q", Responses).ToListAsync());
        var bodyFailed = await Clients.FailsWith<ParallelServerException>(() => client.AskAsync<Location>("q", Responses));

        foreach (ParallelServerException e in new[] { streamFailed, bodyFailed })
        {
            Assert.Contains("bad key", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(TestKeys.ApiKey, $"{e.Error.ServerMessage} {e.Error.ReferenceId} {e.Error.RawBody}", StringComparison.Ordinal);
        }

        Assert.DoesNotContain(TestKeys.ApiKey, $"{streamIncomplete.Reason} {streamIncomplete.PartialAnswer}", StringComparison.Ordinal);
        Assert.StartsWith("{\"city\":\"", streamIncomplete.PartialAnswer, StringComparison.Ordinal);
        TestKeys.AssertNoKeyInLog();
    }
}
