using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace StructuredChat.Emulator.Tests;

public sealed class StreamingTests
{
    // Escapes of every kind, an escaped surrogate pair (12 ASCII characters), and raw multi-byte characters
    // including a raw emoji (a surrogate pair in UTF-16, 4 bytes in UTF-8).
    private const string Tricky = """{"quote":"He said \"hi\" \\ C:\\path\nnext","emoji":"\uD83D\uDE80 escaped","raw":"Zürich 日本 é 🚀 ok","tab":"a\tb\u00e9"}""";

    [Fact]
    public async Task Chunks_are_2_to_8_bytes_cut_inside_escapes_but_every_event_is_valid_json()
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);
        var content = string.Concat(Enumerable.Repeat(Tricky + "\n", 6));
        emulator.Enqueue(ScriptedResponse.WithContent(content));

        var payloads = await wire.StreamAsync(Wire.Body(stream: true));
        var chunks = Sse.Contents(payloads);

        Assert.Equal(content, string.Concat(chunks));
        for (var i = 0; i < chunks.Count; i++)
        {
            var bytes = Encoding.UTF8.GetByteCount(chunks[i]);
            var lastCharBytes = Encoding.UTF8.GetByteCount(chunks[i][^(char.IsLowSurrogate(chunks[i][^1]) ? 2 : 1)..]);
            Assert.True(i == chunks.Count - 1 || bytes >= 2, $"chunk {i} has {bytes} bytes");
            Assert.True(bytes - (lastCharBytes - 1) <= 8, $"chunk {i} '{chunks[i]}' has {bytes} bytes");
            Assert.False(char.IsHighSurrogate(chunks[i][^1]), $"chunk {i} ends in half a surrogate pair");
        }

        var cuts = chunks.Take(chunks.Count - 1).Select((c, i) => chunks.Take(i + 1).Sum(x => x.Length)).ToList();
        var escapes = EscapeSpans(content);
        Assert.Contains(cuts, cut => escapes.Any(e => e.Start < cut && cut < e.End && content[e.Start + 1] == 'u'));
        Assert.Contains(cuts, cut => escapes.Any(e => e.Start < cut && cut < e.End && content[e.Start + 1] != 'u'));
        Assert.Contains(chunks, c => c.Any(ch => ch > 0x7F));
    }

    private static List<(int Start, int End)> EscapeSpans(string json)
    {
        var spans = new List<(int, int)>();
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == '\\')
            {
                var length = json[i + 1] == 'u' ? 6 : 2;
                spans.Add((i, i + length));
                i += length - 1;
            }
        }

        return spans;
    }

    [Fact]
    public async Task The_last_chunk_carries_basis_and_interaction_id_and_DONE_ends_the_stream()
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        var payloads = await wire.StreamAsync(Wire.Body(model: "lite", schema: SchemaCorpus.CompanyInfo, stream: true));

        Assert.Equal("[DONE]", payloads[^1]);
        var chunks = payloads.SkipLast(1).Select(p => JsonDocument.Parse(p).RootElement).ToList();
        Assert.True(chunks.Count > 10);
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.All(chunks.SkipLast(1), c => Assert.False(c.TryGetProperty("basis", out _) || c.TryGetProperty("interaction_id", out _)));
        Assert.NotEmpty(chunks[^1].GetProperty("basis").EnumerateArray());
        Assert.StartsWith("int_", chunks[^1].GetProperty("interaction_id").GetString());
    }

    [Fact]
    public async Task Speed_streams_without_a_basis()
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        var payloads = await wire.StreamAsync(Wire.Body(model: "speed", schema: SchemaCorpus.CompanyInfo, stream: true));

        Assert.DoesNotContain(payloads, p => p.Contains("\"basis\"", StringComparison.Ordinal));
        Assert.Contains("\"interaction_id\"", payloads[^2]);
    }

    [Fact]
    public async Task Without_DONE_the_stream_just_ends()
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant, SendDone = false });
        using var wire = new Wire(emulator);
        emulator.Enqueue(new ScriptedResponse { SendDone = true });

        var scriptedWithDone = await wire.StreamAsync(Wire.Body(stream: true));
        var defaultWithoutDone = await wire.StreamAsync(Wire.Body(stream: true));

        Assert.Equal("[DONE]", scriptedWithDone[^1]);
        Assert.DoesNotContain("[DONE]", defaultWithoutDone);
        Assert.Contains("\"interaction_id\"", defaultWithoutDone[^1]);
    }

    [Fact]
    public async Task Keep_alive_comments_and_named_events_can_be_sent_before_the_answer()
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);
        emulator.Enqueue(new ScriptedResponse { Content = "{}", SendKeepAlive = true });

        var (_, raw, _) = await wire.SendAsync(Wire.Body(stream: true));

        Assert.StartsWith(": keep-alive\n\nevent: ping\n", raw);
        Assert.Equal("{}", string.Concat(Sse.Contents(Sse.DataPayloads(raw))));
    }

    [Fact]
    public async Task Chunks_are_paced_by_the_models_timing()
    {
        var slowCore = new ModelTiming(TimeSpan.FromMilliseconds(300), 20);
        var timing = new EmulatorTimingProfile { Speed = slowCore, Lite = slowCore, Base = slowCore, Core = slowCore };
        await using var emulator = await Emulators.StartAsync(new() { Timing = timing });
        using var wire = new Wire(emulator);
        emulator.Enqueue(new ScriptedResponse { Chunks = ["{\"a\"", ":", "1", "}"] });

        var arrivals = await ReadEventTimesAsync(wire, Wire.Body(model: "core", stream: true));

        // 300 ms to the first token, then 20 tokens per second (50 ms apart): lower bounds only, so load cannot fail it,
        // less 10 ms for timer granularity (a CI run saw the last token at 449.2 ms: timers may fire a little early).
        // The spread between first and last arrival is no bound: a first token read late shrinks it (138 ms was seen).
        Assert.True(arrivals[0] >= TimeSpan.FromMilliseconds(290), $"first token after {arrivals[0].TotalMilliseconds} ms");
        Assert.True(arrivals[3] >= TimeSpan.FromMilliseconds(440), $"last token after {arrivals[3].TotalMilliseconds} ms");
    }

    /// <summary>When each <c>data:</c> event arrived, measured from the request.</summary>
    internal static async Task<List<TimeSpan>> ReadEventTimesAsync(Wire wire, string body, string? fault = null)
    {
        var clock = Stopwatch.StartNew();
        using var response = await wire.PostAsync(body, fault: fault, completion: HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(wire.Deadline));
        var arrivals = new List<TimeSpan>();
        while (await reader.ReadLineAsync(wire.Deadline) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                arrivals.Add(clock.Elapsed);
            }
        }

        return arrivals;
    }
}
