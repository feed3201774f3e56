using System.Diagnostics;
using System.Text.Json;

namespace StructuredChat.Emulator.Tests;

/// <summary>Each fault happens as specified, chosen by the x-emulator-fault header or by a scripted response.</summary>
public sealed class FaultTests
{
    private static Task<ParallelEmulator> StartAsync() => Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_status_fault_answers_that_status_with_Parallels_body_and_no_retry_after(int status)
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var (actual, body, response) = await wire.SendAsync(Wire.Body(), fault: status.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(status, actual);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetProperty("ref_id").GetString()));
        Assert.False(response.Headers.Contains("Retry-After"));
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("x-ratelimit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_scripted_fault_hits_only_the_next_request()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        emulator.Enqueue(ScriptedResponse.WithFault(EmulatorFault.Status(503)));

        var (first, _, _) = await wire.SendAsync(Wire.Body());
        var (second, _, _) = await wire.SendAsync(Wire.Body());

        Assert.Equal(503, first);
        Assert.Equal(200, second);
        Assert.Equal(0, emulator.PendingScriptedResponses);
    }

    [Fact]
    public async Task The_OpenAI_error_body_shape()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var (status, body, _) = await wire.SendAsync(Wire.Body(), fault: "openai-error=429");

        Assert.Equal(429, status);
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.False(json.RootElement.TryGetProperty("type", out _));
    }

    [Fact]
    public async Task The_FastAPI_detail_shapes()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var (listStatus, list, _) = await wire.SendAsync(Wire.Body(), fault: "fastapi-detail");
        var (stringStatus, text, _) = await wire.SendAsync(Wire.Body(), fault: "fastapi-detail=string");

        Assert.Equal(422, listStatus);
        Assert.Equal(422, stringStatus);
        using var listJson = JsonDocument.Parse(list);
        var item = listJson.RootElement.GetProperty("detail")[0];
        Assert.Equal(JsonValueKind.Array, item.GetProperty("loc").ValueKind);
        Assert.False(string.IsNullOrEmpty(item.GetProperty("msg").GetString()));
        Assert.False(string.IsNullOrEmpty(item.GetProperty("type").GetString()));
        using var stringJson = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.String, stringJson.RootElement.GetProperty("detail").ValueKind);
    }

    [Theory]
    [InlineData(true, 1, false)]
    [InlineData(true, 333, false)]
    [InlineData(false, 0, false)]
    [InlineData(false, 200, false)]
    [InlineData(true, 333, true)]
    [InlineData(false, 200, true)]
    public async Task The_connection_drops_after_exactly_N_bytes(bool stream, int n, bool responsesApi)
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        var (request, path) = responsesApi
            ? (Responses.Body(schema: SchemaCorpus.CompanyInfo, stream: stream).ToJsonString(), Responses.Path)
            : (Wire.Body(schema: SchemaCorpus.CompanyInfo, stream: stream), "chat/completions");

        using var response = await wire.PostAsync(request, path, fault: $"drop={n}", completion: HttpCompletionOption.ResponseHeadersRead);
        using var body = await response.Content.ReadAsStreamAsync(wire.Deadline);
        var received = new MemoryStream();
        var failure = await Record.ExceptionAsync(() => body.CopyToAsync(received, wire.Deadline));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.IsAssignableFrom<IOException>(failure);
        Assert.Equal(n, received.Length);
    }

    [Fact]
    public async Task A_body_shorter_than_N_is_sent_whole_and_then_dropped()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        using var response = await wire.PostAsync(Wire.Body(stream: true), fault: "drop=1000000", completion: HttpCompletionOption.ResponseHeadersRead);
        using var body = await response.Content.ReadAsStreamAsync(wire.Deadline);
        var received = new MemoryStream();
        var failure = await Record.ExceptionAsync(() => body.CopyToAsync(received, wire.Deadline));

        Assert.IsAssignableFrom<IOException>(failure);
        Assert.EndsWith("data: [DONE]\n\n", System.Text.Encoding.UTF8.GetString(received.ToArray()));
    }

    [Fact]
    public async Task A_stall_pauses_the_stream_halfway_for_the_given_time()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        var body = Wire.Body(schema: SchemaCorpus.CompanyInfo, stream: true);

        var arrivals = await StreamingTests.ReadEventTimesAsync(wire, body, fault: "stall=0.6");
        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => b - a).ToList();
        var longest = gaps.IndexOf(gaps.Max());

        // Sound bounds only: the chunk after the pause cannot leave before 600 ms; the one before it came well earlier.
        Assert.True(arrivals[longest + 1] >= TimeSpan.FromMilliseconds(600), $"first chunk after the stall at {arrivals[longest + 1].TotalMilliseconds} ms");
        Assert.True(gaps[longest] >= TimeSpan.FromMilliseconds(300), $"longest gap {gaps[longest].TotalMilliseconds} ms");
        Assert.InRange(longest, 1, arrivals.Count - 3);
        var stalled = string.Concat(Sse.Contents(await wire.StreamAsync(body, fault: "stall=0")));
        Assert.Equal(string.Concat(Sse.Contents(await wire.StreamAsync(body))), stalled);
    }

    [Fact]
    public async Task A_scripted_stall_uses_the_emulators_clock()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        emulator.Enqueue(new ScriptedResponse { Content = "{}", Fault = EmulatorFault.Stall(TimeSpan.FromMilliseconds(400)) });

        var clock = Stopwatch.StartNew();
        var content = await wire.AskAsync(Wire.Body());

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(400), $"answered after {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Equal("{}", content);
    }

    [Fact]
    public async Task A_malformed_chunk_is_one_invalid_event_in_an_otherwise_complete_stream()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        var body = Wire.Body(schema: SchemaCorpus.CompanyInfo, stream: true);

        var payloads = await wire.StreamAsync(body, fault: "malformed-chunk");
        var invalid = payloads.Where(p => p != "[DONE]" && !JsonText.IsValid(p)).ToList();

        Assert.Single(invalid);
        var index = payloads.IndexOf(invalid[0]);
        Assert.InRange(index, 1, payloads.Count - 3);
        Assert.Equal("[DONE]", payloads[^1]);
        Assert.Equal(await wire.AskAsync(Wire.Body(schema: SchemaCorpus.CompanyInfo)), string.Concat(Sse.Contents(payloads.Where(JsonText.IsValid))));
    }

    [Fact]
    public async Task A_mid_stream_error_event_ends_the_stream_early()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var payloads = await wire.StreamAsync(Wire.Body(schema: SchemaCorpus.CompanyInfo, stream: true), fault: "stream-error");

        using var last = JsonDocument.Parse(payloads[^1]);
        Assert.False(string.IsNullOrEmpty(last.RootElement.GetProperty("error").GetProperty("message").GetString()));
        var before = string.Concat(Sse.Contents(payloads.SkipLast(1)));
        var full = await wire.AskAsync(Wire.Body(schema: SchemaCorpus.CompanyInfo));
        Assert.NotEmpty(before);
        Assert.StartsWith(before, full);
        Assert.True(before.Length < full.Length);
    }

    [Fact]
    public async Task Prose_instead_of_json()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var (status, text, _) = await wire.SendAsync(Wire.Body(model: "speed", schema: SchemaCorpus.CompanyInfo), fault: "prose");

        Assert.Equal(200, status);
        var content = JsonDocument.Parse(text).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.False(JsonText.IsValid(content));
        Assert.True(char.IsLetter(content[0]), content);
    }

    [Fact]
    public async Task Json_in_a_markdown_fence()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        emulator.Enqueue(ScriptedResponse.WithFault(EmulatorFault.JsonInMarkdownFence));

        var content = string.Concat(Sse.Contents(await wire.StreamAsync(Wire.Body(schema: SchemaCorpus.CompanyInfo, stream: true))));

        Assert.StartsWith("```json\n", content);
        Assert.EndsWith("\n```", content);
        await SchemaAssert.ValidatesAsync(SchemaCorpus.CompanyInfo, content["```json\n".Length..^"\n```".Length]);
    }

    [Fact]
    public async Task Prose_before_json()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var (_, text, _) = await wire.SendAsync(Wire.Body(schema: SchemaCorpus.CompanyInfo), fault: "prose-before-json");
        var content = JsonDocument.Parse(text).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

        Assert.True(content.IndexOf('{', StringComparison.Ordinal) > 10, content);
        await SchemaAssert.ValidatesAsync(SchemaCorpus.CompanyInfo, content[content.IndexOf('{', StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Without_a_stream_a_malformed_chunk_cuts_the_body_and_a_stream_error_is_a_500()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var (malformedStatus, malformed, _) = await wire.SendAsync(Wire.Body(), fault: "malformed-chunk");
        var (errorStatus, error, _) = await wire.SendAsync(Wire.Body(), fault: "stream-error");

        Assert.Equal(200, malformedStatus);
        Assert.False(JsonText.IsValid(malformed));
        Assert.StartsWith("{\"id\":", malformed);
        Assert.Equal(500, errorStatus);
        Assert.Contains("\"type\":\"error\"", error);
    }

    [Fact]
    public async Task Scripted_chunks_keep_their_boundaries_around_a_stall()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        string[] chunks = ["{\"a\"", ":1", ",\"b\":2}"];
        emulator.Enqueue(new ScriptedResponse { Chunks = chunks, Fault = EmulatorFault.Stall(TimeSpan.FromMilliseconds(300)) });

        var arrivals = await StreamingTests.ReadEventTimesAsync(wire, Wire.Body(stream: true));
        emulator.Enqueue(new ScriptedResponse { Chunks = chunks, Fault = EmulatorFault.Stall(TimeSpan.Zero) });
        var payloads = await wire.StreamAsync(Wire.Body(stream: true));

        Assert.True(arrivals[1] >= TimeSpan.FromMilliseconds(300), $"second chunk at {arrivals[1].TotalMilliseconds} ms");
        Assert.Equal(chunks, Sse.Contents(payloads));
    }

    [Fact]
    public async Task Disposing_ends_a_stalled_stream_at_once()
    {
        var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        emulator.Enqueue(new ScriptedResponse { Chunks = ["{", "}"], Fault = EmulatorFault.Stall(TimeSpan.FromMinutes(5)) });
        using var response = await wire.PostAsync(Wire.Body(stream: true), completion: HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(wire.Deadline));
        Assert.StartsWith("data: ", await reader.ReadLineAsync(wire.Deadline));

        var clock = Stopwatch.StartNew();
        await emulator.DisposeAsync();
        var rest = await Record.ExceptionAsync(() => reader.ReadToEndAsync(wire.Deadline));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"dispose and end of stream took {clock.Elapsed.TotalSeconds} s");
        Assert.True(rest is null or IOException, rest?.ToString());
    }

    [Fact]
    public async Task An_unknown_fault_header_is_refused_with_400()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);

        var (status, text, _) = await wire.SendAsync(Wire.Body(), fault: "explode");

        Assert.Equal(400, status);
        Assert.Contains("explode", text);
    }

    [Theory]
    [InlineData("503")]
    [InlineData("openai-error=500")]
    [InlineData("fastapi-detail=list")]
    [InlineData("fastapi-detail=string")]
    [InlineData("drop=120")]
    [InlineData("stall=2.5")]
    [InlineData("malformed-chunk")]
    [InlineData("stream-error")]
    [InlineData("prose")]
    [InlineData("fenced-json")]
    [InlineData("prose-before-json")]
    public void The_header_format_round_trips(string header)
    {
        Assert.True(EmulatorFault.TryParse(header, out var fault));
        Assert.Equal(header, fault.ToString());
    }
}
