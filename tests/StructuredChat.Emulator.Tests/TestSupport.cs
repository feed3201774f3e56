using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StructuredChat.Emulator.Tests;

/// <summary>A raw HTTP client for the emulator, plus the deadline every test runs under.</summary>
internal sealed class Wire : IDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _deadline;

    public Wire(ParallelEmulator emulator, int deadlineSeconds = 30)
    {
        Emulator = emulator;
        _http = new HttpClient { BaseAddress = emulator.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _deadline.CancelAfter(TimeSpan.FromSeconds(deadlineSeconds));
    }

    public ParallelEmulator Emulator { get; }

    /// <summary>Cancelled when the test has run too long, so nothing hangs.</summary>
    public CancellationToken Deadline => _deadline.Token;

    public static string Body(string model = "base", string prompt = "Tell me about Contoso.", string? schema = null, bool stream = false, string? formatType = null)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "You are a research assistant." },
                new JsonObject { ["role"] = "user", ["content"] = prompt }),
            ["stream"] = stream,
        };
        if (schema is not null)
        {
            body["response_format"] = new JsonObject
            {
                ["type"] = "json_schema",
                ["json_schema"] = new JsonObject { ["name"] = "answer", ["schema"] = JsonNode.Parse(schema), ["strict"] = true },
            };
        }
        else if (formatType is not null)
        {
            body["response_format"] = new JsonObject { ["type"] = formatType };
        }

        return body.ToJsonString();
    }

    public Task<HttpResponseMessage> PostAsync(string body, string path = "chat/completions", string? fault = null, string? bearer = "", string? apiKeyHeader = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        bearer = bearer == "" ? Emulator.ApiKey : bearer;
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKeyHeader is not null)
        {
            request.Headers.Add("x-api-key", apiKeyHeader);
        }

        if (fault is not null)
        {
            request.Headers.Add(EmulatorFault.HeaderName, fault);
        }

        return _http.SendAsync(request, completion, Deadline);
    }

    /// <summary>POSTs and returns the status and the body text.</summary>
    public async Task<(int Status, string Body, HttpResponseMessage Response)> SendAsync(string body, string? fault = null, string path = "chat/completions")
    {
        var response = await PostAsync(body, path, fault);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Deadline), response);
    }

    /// <summary>The answer text of a successful non-streaming call.</summary>
    public async Task<string> AskAsync(string body)
    {
        var (status, text, _) = await SendAsync(body);
        Assert.True(status == 200, $"expected 200, got {status}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }

    /// <summary>The <c>data:</c> payloads of a successful streaming call, in order.</summary>
    public async Task<List<string>> StreamAsync(string body, string? fault = null)
    {
        var (status, text, response) = await SendAsync(body, fault);
        Assert.True(status == 200, $"expected 200, got {status}: {text}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return Sse.DataPayloads(text);
    }

    public void Dispose()
    {
        _http.Dispose();
        _deadline.Dispose();
    }
}

internal static class Sse
{
    /// <summary>The payloads of the <c>data:</c> lines of unnamed events; comments and named events are skipped.</summary>
    public static List<string> DataPayloads(string stream)
    {
        var payloads = new List<string>();
        foreach (var block in stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            if (lines.Any(l => l.StartsWith("event:", StringComparison.Ordinal)))
            {
                continue;
            }

            payloads.AddRange(lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]));
        }

        return payloads;
    }

    /// <summary>The <c>delta.content</c> of each chunk (the <c>[DONE]</c> marker excluded).</summary>
    public static List<string> Contents(IEnumerable<string> payloads) =>
        [.. payloads.Where(p => p != "[DONE]").Select(p =>
        {
            using var chunk = JsonDocument.Parse(p);
            return chunk.RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()!;
        })];
}

internal static class SchemaAssert
{
    /// <summary>Fails with NJsonSchema's errors when <paramref name="json"/> does not validate against <paramref name="schema"/>.</summary>
    public static async Task ValidatesAsync(string schema, string json)
    {
        var compiled = await NJsonSchema.JsonSchema.FromJsonAsync(schema);
        var errors = compiled.Validate(json);
        Assert.True(errors.Count == 0, $"answer does not validate: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}"))}\n{json}");
    }
}

internal static class Emulators
{
    /// <summary>Starts an emulator under the test's cancellation token; the test disposes it.</summary>
    public static Task<ParallelEmulator> StartAsync(ParallelEmulatorOptions? options = null) =>
        ParallelEmulator.StartAsync(options, TestContext.Current.CancellationToken);
}

internal static class JsonText
{
    public static bool IsValid(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>An emulator and a wire to it, disposed together.</summary>
internal sealed class Session(ParallelEmulator emulator) : IAsyncDisposable
{
    public Wire Wire { get; } = new(emulator);

    public void Deconstruct(out ParallelEmulator started, out Wire wire) => (started, wire) = (emulator, Wire);

    public async ValueTask DisposeAsync()
    {
        Wire.Dispose();
        await emulator.DisposeAsync();
    }
}
