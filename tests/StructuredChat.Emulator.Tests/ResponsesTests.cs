using System.Text.Json;
using System.Text.Json.Nodes;

namespace StructuredChat.Emulator.Tests;

/// <summary><c>POST /v1/responses</c> as parallel-responses-api.md documents it: bodies, the event order, citations on the values, follow-ups.</summary>
public sealed class ResponsesTests
{
    private static Task<ParallelEmulator> StartAsync(bool tokenDeltas = false, int storedResponses = 10_000) =>
        Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant, ResponsesTokenDeltas = tokenDeltas, StoredResponseCapacity = storedResponses });

    [Fact]
    public async Task A_plain_answer_lists_the_searches_before_the_message_and_cites_its_sentences()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;
        var body = Responses.Body();
        body["instructions"] = "Answer in one paragraph.";
        body["metadata"] = new JsonObject { ["row"] = "42" };

        var response = await wire.CreateAsync(body);

        Assert.StartsWith("resp_", response.GetProperty("id").GetString());
        Assert.Equal("response", response.GetProperty("object").GetString());
        Assert.Equal("completed", response.GetProperty("status").GetString());
        Assert.Equal("parallel", response.GetProperty("model").GetString());
        Assert.True(response.GetProperty("created_at").GetDouble() > 1_700_000_000);
        Assert.True(response.GetProperty("parallel_tool_calls").GetBoolean());
        var types = response.GetProperty("output").EnumerateArray().Select(i => i.GetProperty("type").GetString()).ToList();
        Assert.Equal("message", types[^1]);
        Assert.True(types.Count >= 2, "no search trail");
        Assert.All(types[..^1], t => Assert.Equal("web_search_call", t));
        Assert.Contains(response.GetProperty("output").EnumerateArray(), i => i.GetProperty("type").GetString() == "web_search_call"
            && i.GetProperty("action").GetProperty("type").GetString() == "search" && i.GetProperty("action").GetProperty("query").GetString()!.Contains("Iceland", StringComparison.Ordinal));
        Assert.Equal("42", response.GetProperty("metadata").GetProperty("row").GetString());
        Assert.Equal(JsonValueKind.Null, response.GetProperty("reasoning").ValueKind);
        Assert.Equal(JsonValueKind.Null, response.GetProperty("text").ValueKind);
        Assert.True(response.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);

        var text = Responses.OutputText(response);
        var annotations = Responses.Annotations(response);
        Assert.NotEmpty(annotations);
        Assert.All(annotations, a =>
        {
            Assert.Equal("url_citation", a.GetProperty("type").GetString());
            Assert.StartsWith("https://", a.GetProperty("url").GetString());
            Assert.False(string.IsNullOrEmpty(a.GetProperty("title").GetString()));
            var sentence = Responses.Span(text, a.GetProperty("start_index").GetInt32(), a.GetProperty("end_index").GetInt32());
            Assert.Matches(@"^\S.*[.!?]$", sentence);
        });

        var request = emulator.Requests.Single();
        Assert.Equal("Answer in one paragraph.", request.Instructions);
        Assert.Equal("42", request.Metadata!["row"]);
        Assert.Equal("What is the capital and population of Iceland?", request.Prompt);
    }

    [Fact]
    public async Task A_structured_answer_validates_and_its_citations_sit_exactly_on_the_field_values()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;

        foreach (var (name, schema) in SchemaCorpus.All)
        {
            var response = await wire.CreateAsync(Responses.Body(input: $"Research {name}.", schema: schema));

            var text = Responses.OutputText(response);
            await SchemaAssert.ValidatesAsync(schema, text);
            Responses.AssertCitationsSitOnValues(text, Responses.Annotations(response)
                .Select(a => (a.GetProperty("start_index").GetInt32(), a.GetProperty("end_index").GetInt32())));
        }
    }

    [Fact]
    public async Task Citations_count_code_points_so_text_outside_the_BMP_does_not_shift_them()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;
        const string schema = """{"type":"object","properties":{"icon":{"type":"string"},"name":{"type":"string"}},"required":["icon","name"],"additionalProperties":false}""";

        // A scripted answer with raw characters outside the BMP (the synthesizer escapes them): 2 code points, 4 UTF-16 units.
        emulator.Enqueue(ScriptedResponse.WithContent("""{"icon":"🚀🚀","name":"Contoso"}"""));
        var response = await wire.CreateAsync(Responses.Body(schema: schema));

        var text = Responses.OutputText(response);
        Assert.Contains("🚀", text);
        var spans = Responses.Annotations(response).Select(a => (a.GetProperty("start_index").GetInt32(), a.GetProperty("end_index").GetInt32())).ToList();
        Assert.Contains((9, 11), spans);
        Assert.Contains((21, 28), spans);
        Responses.AssertCitationsSitOnValues(text, spans);
    }

    [Fact]
    public async Task The_stream_follows_the_documented_order_with_one_delta_and_ends_with_the_whole_object()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;

        var events = await wire.StreamAsync(Responses.Body(stream: true, schema: SchemaCorpus.CompanyInfo));

        var payloads = events.Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        var names = events.Select(e => e.Name).ToList();
        Assert.Equal(names, payloads.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal(Enumerable.Range(0, payloads.Count), payloads.Select(p => p.GetProperty("sequence_number").GetInt32()));
        Assert.Equal(["response.created", "response.in_progress"], names[..2]);
        Assert.Equal("response.completed", names[^1]);
        Assert.DoesNotContain(events, e => e.Data == "[DONE]");

        var added = payloads.Where(p => p.GetProperty("type").GetString() == "response.output_item.added").ToList();
        var messageAdded = added.Single(p => p.GetProperty("item").GetProperty("type").GetString() == "message");
        var searches = added.Where(p => p.GetProperty("item").GetProperty("type").GetString() == "web_search_call").ToList();
        Assert.NotEmpty(searches);
        Assert.True(payloads.IndexOf(searches[^1]) < payloads.IndexOf(messageAdded), "a search opened after the message");
        Assert.Equal(searches.Count, messageAdded.GetProperty("output_index").GetInt32());

        int Index(string type) => names.IndexOf(type);
        int LastIndex(string type) => names.LastIndexOf(type);
        var delta = Assert.Single(payloads, p => p.GetProperty("type").GetString() == "response.output_text.delta");
        Assert.True(Index("response.content_part.added") < Index("response.output_text.delta"));
        Assert.True(Index("response.output_text.delta") < Index("response.web_search_call.completed"), "searches completed before the text");
        Assert.True(LastIndex("response.web_search_call.completed") < Index("response.output_text.annotation.added"));
        Assert.True(LastIndex("response.output_text.annotation.added") < Index("response.output_text.done"));
        Assert.True(Index("response.output_text.done") < Index("response.content_part.done"));
        Assert.True(Index("response.content_part.done") < LastIndex("response.output_item.done"));

        var completed = payloads[^1].GetProperty("response");
        var text = delta.GetProperty("delta").GetString()!;
        Assert.Equal(text, Responses.OutputText(completed));
        Assert.Equal(text, payloads.Single(p => p.GetProperty("type").GetString() == "response.output_text.done").GetProperty("text").GetString());
        await SchemaAssert.ValidatesAsync(SchemaCorpus.CompanyInfo, text);

        var streamed = payloads.Where(p => p.GetProperty("type").GetString() == "response.output_text.annotation.added").ToList();
        Assert.Equal(Enumerable.Range(0, streamed.Count), streamed.Select(p => p.GetProperty("annotation_index").GetInt32()));
        Assert.Equal(
            Responses.Annotations(completed).Select(a => a.GetRawText()),
            streamed.Select(p => p.GetProperty("annotation").GetRawText()));
        Responses.AssertCitationsSitOnValues(text, streamed.Select(p =>
            (p.GetProperty("annotation").GetProperty("start_index").GetInt32(), p.GetProperty("annotation").GetProperty("end_index").GetInt32())));
    }

    [Fact]
    public async Task Token_sized_deltas_are_an_option_and_join_to_the_same_text()
    {
        await using var session = new Session(await StartAsync(tokenDeltas: true));
        var (emulator, wire) = session;

        var events = await wire.StreamAsync(Responses.Body(stream: true, schema: SchemaCorpus.CompanyInfo));

        var deltas = events.Where(e => e.Name == "response.output_text.delta")
            .Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("delta").GetString()!).ToList();
        Assert.True(deltas.Count > 10, $"only {deltas.Count} deltas");
        Assert.All(deltas, d => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(d), 1, 11));
        var completed = JsonDocument.Parse(events[^1].Data).RootElement.GetProperty("response");
        Assert.Equal(string.Concat(deltas), Responses.OutputText(completed));
    }

    [Fact]
    public async Task A_follow_up_names_an_earlier_response_and_an_unknown_or_forgotten_id_is_refused()
    {
        await using var session = new Session(await StartAsync(storedResponses: 2));
        var (emulator, wire) = session;
        var first = await wire.CreateAsync(Responses.Body(input: "Who founded Contoso?"));
        var id = first.GetProperty("id").GetString()!;

        var followUp = Responses.Body(input: "And when?");
        followUp["previous_response_id"] = id;
        followUp["reasoning"] = new JsonObject { ["effort"] = "high" };
        var second = await wire.CreateAsync(followUp);
        var alone = await wire.CreateAsync(Responses.Body(input: "And when?"));

        Assert.Equal(id, second.GetProperty("previous_response_id").GetString());
        Assert.Equal(id, emulator.Requests[1].PreviousResponseId);
        Assert.Equal("high", emulator.Requests[1].ReasoningEffort);
        Assert.NotEqual(Responses.OutputText(alone), Responses.OutputText(second));

        // Two newer responses pushed the first out of a store of two.
        var (status, error, _) = await wire.SendAsync(followUp);
        Assert.Equal(400, status);
        Assert.Equal($"Previous response with id '{id}' not found.", error.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("previous_response_not_found", error.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_script_can_send_keep_alives_during_the_research_silence_outside_the_numbered_sequence()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;
        emulator.Enqueue(new ScriptedResponse { SendKeepAlive = true });

        var (status, text, _) = await wire.SendAsync(Responses.Body(stream: true).ToJsonString(), path: Responses.Path);

        Assert.Equal(200, status);
        Assert.Contains("\n: keep-alive\n\n", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf(": keep-alive", StringComparison.Ordinal) < text.IndexOf("event: response.output_text.delta", StringComparison.Ordinal));
        var events = Responses.Events(text).Where(e => e.Name != "ping").Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.GetProperty("sequence_number").GetInt32()));
        Assert.Contains(Responses.Events(text), e => e.Name == "ping");
    }

    [Fact]
    public async Task Json_object_is_accepted_but_answers_plain_text()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;
        var body = Responses.Body();
        body["text"] = new JsonObject { ["format"] = new JsonObject { ["type"] = "json_object" } };

        var text = Responses.OutputText(await wire.CreateAsync(body));

        Assert.DoesNotContain("{", text);
        Assert.Equal("json_object", emulator.Requests.Single().ResponseFormatType);
    }

    [Theory]
    [InlineData("[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Who runs Fabrikam?\"}]}]", "Who runs Fabrikam?")]
    [InlineData("[{\"type\":\"message\",\"role\":\"developer\",\"content\":\"Be brief.\"},{\"type\":\"message\",\"role\":\"user\",\"content\":\"Who runs Fabrikam?\"}]", "Who runs Fabrikam?")]
    public async Task Message_input_with_text_parts_or_the_SDKs_type_key_is_accepted(string input, string prompt)
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;
        var body = Responses.Body();
        body["input"] = JsonNode.Parse(input);
        body["model"] = "Parallel";

        await wire.CreateAsync(body);

        Assert.Equal(prompt, emulator.Requests.Single().Prompt);
    }
}

/// <summary>The emulator's events against a real recorded OpenAI Responses stream (tests/TestData/recorded-streams/openai-dotnet).</summary>
public sealed class ResponsesRecordingTests
{
    // Fields of the recording the emulator leaves out on purpose: OpenAI's random padding.
    private static readonly string[] NotEmulated = ["obfuscation"];

    private static Dictionary<string, JsonElement> FirstOfEachType(IEnumerable<string> payloads) =>
        payloads.Select(p => JsonDocument.Parse(p).RootElement)
            .GroupBy(e => e.GetProperty("type").GetString()!)
            .ToDictionary(g => g.Key, g => g.First());

    private static IEnumerable<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).Except(NotEmulated);

    [Fact]
    public async Task Every_event_type_it_shares_with_the_recording_carries_the_recorded_fields()
    {
        var recorded = FirstOfEachType(Responses.Events(await File.ReadAllTextAsync(
            RepositoryPaths.TestData("recorded-streams", "openai-dotnet", "websearch-streaming-annotated.sse"), TestContext.Current.CancellationToken)).Select(e => e.Data));
        await using var session = new Session(await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant }));
        var (_, wire) = session;

        var emulated = FirstOfEachType((await wire.StreamAsync(Responses.Body(stream: true))).Select(e => e.Data));

        var shared = recorded.Keys.Intersect(emulated.Keys).ToList();
        Assert.Equal(recorded.Keys.Order(), shared.Order());
        foreach (var type in shared)
        {
            Assert.Empty(Keys(recorded[type]).Except(Keys(emulated[type])));
            foreach (var nested in (ReadOnlySpan<string>)["item", "part", "annotation"])
            {
                if (recorded[type].TryGetProperty(nested, out var inRecording))
                {
                    var missing = Keys(inRecording).Except(Keys(emulated[type].GetProperty(nested))).ToList();
                    Assert.True(missing.Count == 0, $"{type}.{nested} lacks {string.Join(", ", missing)}");
                }
            }
        }
    }
}
