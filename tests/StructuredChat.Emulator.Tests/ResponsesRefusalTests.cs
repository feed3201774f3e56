using System.Text.Json;
using System.Text.Json.Nodes;

namespace StructuredChat.Emulator.Tests;

/// <summary>Every documented refusal of <c>/v1/responses</c>, with its status, body shape and message; limits and faults as on the Chat endpoint.</summary>
public sealed class ResponsesRefusalTests
{
    private static Task<ParallelEmulator> StartAsync() => Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });

    public static TheoryData<string, string, string> Rejections() => new()
    {
        { "model", "\"gpt-4o\"", "The Responses API only supports model 'parallel'." },
        { "background", "true", "background mode is not supported on /v1/responses; submit long-running work via the Task API (POST /v1/tasks/runs) instead." },
        { "input", "[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"What is this?\"},{\"type\":\"input_image\",\"image_url\":\"https://example.com/a.png\"}]}]",
            "input contains unsupported non-text content parts: input_image (this endpoint only accepts text input today)" },
        { "input", "\"\"", "input must not be empty." },
        { "input", "[]", "input must not be empty." },
        { "input", "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"assistant\",\"content\":\"Hello.\"}]", "input must contain at least one user message." },
        { "tools", "[{\"type\":\"web_search\"},{\"type\":\"web_search\"}]", "tools may contain at most one web_search tool." },
        { "previous_response_id", "\"resp_unknown\"", "Previous response with id 'resp_unknown' not found." },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task A_documented_rejection_is_400_with_OpenAIs_envelope_and_the_documented_message(string field, string value, string message)
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;
        var body = Responses.Body();
        body[field] = JsonNode.Parse(value);

        var (status, json, _) = await wire.SendAsync(body);

        Assert.Equal(400, status);
        var error = json.GetProperty("error");
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.True(error.TryGetProperty("param", out _) && error.TryGetProperty("code", out _));
    }

    [Fact]
    public async Task Data_sources_need_medium_or_high_effort()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;
        var low = Responses.Body(effort: "low");
        low["data_sources"] = new JsonArray(new JsonObject { ["type"] = "web" });
        var medium = Responses.Body();
        medium["data_sources"] = new JsonArray(new JsonObject { ["type"] = "web" });

        var (status, json, _) = await wire.SendAsync(low);
        await wire.CreateAsync(medium);

        Assert.Equal(400, status);
        Assert.Equal("data_sources requires reasoning.effort='medium' or 'high'.", json.GetProperty("error").GetProperty("message").GetString());
    }

    public static TheoryData<string, string?, string, string> MalformedFields() => new()
    {
        { "model", null, "missing", "[\"body\",\"model\"]" },
        { "input", null, "missing", "[\"body\",\"input\"]" },
        { "reasoning", "{\"effort\":\"max\"}", "literal_error", "[\"body\",\"reasoning\",\"effort\"]" },
        { "stream", "\"yes\"", "bool_type", "[\"body\",\"stream\"]" },
        { "input", "[{\"role\":\"tool\",\"content\":\"x\"}]", "literal_error", "[\"body\",\"input\",0,\"role\"]" },
        { "text", "{\"format\":{\"type\":\"json_schema\",\"name\":\"has space\",\"schema\":{\"type\":\"object\",\"properties\":{}}}}", "string_pattern_mismatch", "[\"body\",\"text\",\"format\",\"name\"]" },
        { "text", "{\"format\":{\"type\":\"json_schema\",\"name\":\"a\"}}", "missing", "[\"body\",\"text\",\"format\",\"schema\"]" },
        { "text", "{\"format\":{\"type\":\"json_schema\",\"name\":\"a\",\"schema\":{\"type\":\"object\",\"properties\":{\"d\":{\"type\":\"string\",\"format\":\"date\"}}}}}", "rejected_keyword", "[\"body\",\"text\",\"format\",\"schema\",\"properties\",\"d\",\"format\"]" },
        { "metadata", "{" + string.Join(",", Enumerable.Range(0, 17).Select(i => $"\"k{i}\":\"v\"")) + "}", "too_long", "[\"body\",\"metadata\"]" },
        { "metadata", "{\"row\":42}", "string_type", "[\"body\",\"metadata\",\"row\"]" },
    };

    [Theory]
    [MemberData(nameof(MalformedFields))]
    public async Task A_malformed_field_is_422_with_FastAPIs_detail_list(string field, string? value, string type, string loc)
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;
        var body = Responses.Body();
        if (value is null)
        {
            body.Remove(field);
        }
        else
        {
            body[field] = JsonNode.Parse(value);
        }

        var (status, json, text) = await wire.SendAsync(body);

        Assert.True(status == 422, text);
        Assert.Contains(json.GetProperty("detail").EnumerateArray(), d =>
            d.GetProperty("type").GetString() == type && d.GetProperty("loc").GetRawText() == loc && d.GetProperty("msg").GetString()!.Length > 0);
    }

    [Fact]
    public async Task A_recursive_schema_is_refused_here_too_naming_the_cycle()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;

        var (status, json, _) = await wire.SendAsync(Responses.Body(schema: """
            {"type":"object","properties":{"root":{"$ref":"#/$defs/Node"}},"$defs":{"Node":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/$defs/Node"}}}}}}
            """));

        Assert.Equal(422, status);
        Assert.Contains(json.GetProperty("detail").EnumerateArray(), d => d.GetProperty("type").GetString() == "recursive_ref"
            && d.GetProperty("msg").GetString()!.Contains("#/$defs/Node -> #/$defs/Node", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_422_json_invalid()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;

        var (status, text, _) = await wire.SendAsync("{\"model\":", path: Responses.Path);

        Assert.Equal(422, status);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("json_invalid", json.RootElement.GetProperty("detail")[0].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(20_000, 0, 200)]
    [InlineData(19_990, 10, 200)]
    [InlineData(19_991, 10, 422)]
    [InlineData(20_001, 0, 422)]
    public async Task Input_and_instructions_may_hold_20000_characters_together(int inputChars, int instructionChars, int expected)
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;
        var body = Responses.Body(input: new string('a', inputChars));
        body["instructions"] = instructionChars == 0 ? null : new string('b', instructionChars);

        var (status, json, text) = await wire.SendAsync(body);

        Assert.True(status == expected, text);
        if (expected == 422)
        {
            var detail = json.GetProperty("detail")[0];
            Assert.Equal("[\"body\",\"input\"]", detail.GetProperty("loc").GetRawText());
            Assert.Contains("at most 20,000 characters", detail.GetProperty("msg").GetString());
        }
    }

    [Fact]
    public async Task Input_length_counts_code_points_not_UTF16_units()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;

        var (status, _, text) = await wire.SendAsync(Responses.Body(input: string.Concat(Enumerable.Repeat("🚀", 20_000))));

        Assert.True(status == 200, text);
    }

    [Fact]
    public async Task A_missing_key_is_401_and_the_rate_limit_is_429_both_in_OpenAIs_envelope_with_a_limit_apart_from_the_Chat_endpoints()
    {
        await using var session = new Session(await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant, RequestsPerMinute = 2 }));
        var (emulator, wire) = session;

        var unauthorized = await wire.PostAsync(Responses.Body().ToJsonString(), Responses.Path, bearer: null);
        await wire.CreateAsync(Responses.Body());
        await wire.CreateAsync(Responses.Body());
        var (limited, json, _) = await wire.SendAsync(Responses.Body());
        var chat = await wire.AskAsync(Wire.Body());

        Assert.Equal(401, (int)unauthorized.StatusCode);
        using (var body = JsonDocument.Parse(await unauthorized.Content.ReadAsStringAsync(wire.Deadline)))
        {
            Assert.StartsWith("Missing API key", body.RootElement.GetProperty("error").GetProperty("message").GetString());
        }

        Assert.Equal(429, limited);
        Assert.Equal("rate_limit_error", json.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("2 requests per minute", json.GetProperty("error").GetProperty("message").GetString());
        Assert.NotEmpty(chat);
    }

    [Fact]
    public async Task A_status_fault_and_a_bad_fault_value_behave_as_on_the_Chat_endpoint()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;

        var (unavailable, body, _) = await wire.SendAsync(Responses.Body(), fault: "503");
        var (bad, badBody, _) = await wire.SendAsync(Responses.Body(), fault: "stall=99999999999");

        Assert.Equal(503, unavailable);
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal(400, bad);
        Assert.Contains("at most 3600 seconds", badBody.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_stream_error_fault_ends_the_stream_with_response_failed()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;

        var events = await wire.StreamAsync(Responses.Body(stream: true), fault: "stream-error");

        Assert.Equal("response.failed", events[^1].Name);
        var failed = JsonDocument.Parse(events[^1].Data).RootElement;
        Assert.Equal(events.Count - 1, failed.GetProperty("sequence_number").GetInt32());
        Assert.Equal("failed", failed.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal("server_error", failed.GetProperty("response").GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain(events, e => e.Name == "response.completed");
    }

    [Fact]
    public async Task A_malformed_chunk_fault_inserts_one_event_that_is_not_JSON()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;

        var events = await wire.StreamAsync(Responses.Body(stream: true), fault: "malformed-chunk");

        Assert.Single(events, e => !JsonText.IsValid(e.Data));
        Assert.Equal("response.completed", events[^1].Name);
    }

    [Fact]
    public async Task A_prose_before_json_fault_keeps_the_citations_on_the_values_after_the_prose()
    {
        await using var session = new Session(await StartAsync());
        var (emulator, wire) = session;

        var response = JsonDocument.Parse((await wire.SendAsync(Responses.Body(schema: SchemaCorpus.CompanyInfo).ToJsonString(), "prose-before-json", Responses.Path)).Body).RootElement;

        var text = Responses.OutputText(response);
        var json = text[text.IndexOf('{', StringComparison.Ordinal)..];
        var offset = text.Length - json.Length;
        Responses.AssertCitationsSitOnValues(json, Responses.Annotations(response)
            .Select(a => (a.GetProperty("start_index").GetInt32() - offset, a.GetProperty("end_index").GetInt32() - offset)));
    }
}
