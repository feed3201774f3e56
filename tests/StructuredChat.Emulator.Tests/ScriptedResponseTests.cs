using System.Diagnostics;
using System.Text.Json;

namespace StructuredChat.Emulator.Tests;

public sealed class ScriptedResponseTests
{
    private static Task<ParallelEmulator> StartAsync() => Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });

    [Fact]
    public async Task Exact_content_basis_and_interaction_id_are_answered()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        emulator.Enqueue(new ScriptedResponse
        {
            Content = """{"name":"Contoso"}""",
            Basis = [new("name", "From the website.", [new("https://contoso.example/about", null, null)], "high"), new("name.extra", "Sparse.", [], null)],
            InteractionId = "int_fixed",
        });

        var (status, text, _) = await wire.SendAsync(Wire.Body(model: "speed"));

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("""{"name":"Contoso"}""", root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("int_fixed", root.GetProperty("interaction_id").GetString());
        var basis = root.GetProperty("basis");
        Assert.Equal(2, basis.GetArrayLength());
        Assert.Equal("https://contoso.example/about", basis[0].GetProperty("citations")[0].GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, basis[0].GetProperty("citations")[0].GetProperty("title").ValueKind);
        Assert.Equal(JsonValueKind.Null, basis[0].GetProperty("citations")[0].GetProperty("excerpts").ValueKind);
        Assert.Equal(JsonValueKind.Null, basis[1].GetProperty("confidence").ValueKind);
    }

    [Fact]
    public async Task Explicit_chunk_boundaries_are_kept()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        string[] chunks = ["{\"a\":\"x\\", "\"y\\u00", "e9\"}", "", "\n"];
        emulator.Enqueue(new ScriptedResponse { Chunks = chunks });

        var payloads = await wire.StreamAsync(Wire.Body(stream: true));

        Assert.Equal(chunks, Sse.Contents(payloads));
    }

    [Fact]
    public async Task A_chunk_boundary_inside_a_surrogate_pair_is_refused_when_enqueued()
    {
        await using var emulator = await StartAsync();

        var error = Assert.Throws<ArgumentException>(() => emulator.Enqueue(new ScriptedResponse { Chunks = ["a\uD83D", "\uDE80b"] }));

        Assert.Contains("surrogate", error.Message);
        Assert.Equal(0, emulator.PendingScriptedResponses);
    }

    [Fact]
    public async Task A_predicate_picks_the_request_it_is_for()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        emulator.Enqueue(r => r.Prompt == "second", ScriptedResponse.WithContent("scripted"));

        var first = await wire.AskAsync(Wire.Body(prompt: "first"));
        var second = await wire.AskAsync(Wire.Body(prompt: "second"));
        var third = await wire.AskAsync(Wire.Body(prompt: "second"));

        Assert.NotEqual("scripted", first);
        Assert.Equal("scripted", second);
        Assert.NotEqual("scripted", third);
    }

    [Fact]
    public async Task Scripts_are_used_in_order()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        emulator.Enqueue(ScriptedResponse.WithContent("one"));
        emulator.Enqueue(ScriptedResponse.WithContent("two"));

        Assert.Equal("one", await wire.AskAsync(Wire.Body()));
        Assert.Equal("two", await wire.AskAsync(Wire.Body()));
    }

    [Fact]
    public async Task Raw_basis_json_is_sent_verbatim()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        const string raw = """[{"field":"x.2","reasoning":"r","unknown":{"deep":[1]}}]""";
        emulator.Enqueue(new ScriptedResponse { Content = "{}", RawBasisJson = raw });

        var (_, text, _) = await wire.SendAsync(Wire.Body());

        Assert.Contains("\"basis\":" + raw, text);
    }

    [Fact]
    public async Task The_non_streaming_answer_can_come_under_delta()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        emulator.Enqueue(new ScriptedResponse { Content = "hello", UseDeltaInNonStreamingBody = true });

        var (_, text, _) = await wire.SendAsync(Wire.Body());

        using var json = JsonDocument.Parse(text);
        var choice = json.RootElement.GetProperty("choices")[0];
        Assert.Equal("hello", choice.GetProperty("delta").GetProperty("content").GetString());
        Assert.False(choice.TryGetProperty("message", out _));
    }

    [Fact]
    public async Task A_scripted_first_token_delay_holds_the_first_chunk_back()
    {
        await using var emulator = await StartAsync();
        using var wire = new Wire(emulator);
        emulator.Enqueue(new ScriptedResponse { Content = "{}", FirstTokenDelay = TimeSpan.FromMilliseconds(400) });

        var arrivals = await StreamingTests.ReadEventTimesAsync(wire, Wire.Body(stream: true));

        Assert.True(arrivals[0] >= TimeSpan.FromMilliseconds(400), $"first chunk after {arrivals[0].TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Requests_are_recorded_without_the_key()
    {
        await using var emulator = await Emulators.StartAsync(new() { ApiKey = "super-secret", Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        await wire.PostAsync(Wire.Body(model: "core", prompt: "What is new?", schema: SchemaCorpus.CompanyInfo), apiKeyHeader: "super-secret");

        var request = emulator.Requests.Single();
        Assert.Equal(1, emulator.RequestCount);
        Assert.Equal("core", request.Model);
        Assert.Equal("What is new?", request.Prompt);
        Assert.Equal("answer", request.SchemaName);
        Assert.True(request.SentBearerToken && request.SentApiKeyHeader);
        Assert.Contains("\"founders\"", request.SchemaJson);
        Assert.DoesNotContain("super-secret", request.Body + request.FaultHeader);
    }
}
