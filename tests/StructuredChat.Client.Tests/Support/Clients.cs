using System.Text.Json;

namespace StructuredChat.Client.Tests;

internal static class Clients
{
    public static readonly Uri BaseUrl = new("https://api.parallel.test");

    /// <summary>A client over the in-memory handler, on a manual clock, logging into <see cref="TestKeys.Log"/>.</summary>
    public static ParallelChatClient Create(ScriptedHandler handler, ManualTimeProvider? time = null, Action<ParallelChatClientOptions>? configure = null)
    {
        var options = new ParallelChatClientOptions
        {
            ApiKey = TestKeys.ApiKey,
            BaseUrl = BaseUrl,
            HttpClient = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan },
            TimeProvider = time ?? new ManualTimeProvider(),
            Logger = TestKeys.Log,
        };
        configure?.Invoke(options);
        return new ParallelChatClient(options);
    }

    /// <summary>The test-side deadline: a hang fails the test instead of the run.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static async Task<T> Within<T>(this Task<T> task) => await task.WaitAsync(Deadline);

    public static async Task Within(this Task task) => await task.WaitAsync(Deadline);

    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source, CancellationToken cancellationToken = default)
    {
        var list = new List<T>();
        await foreach (T item in source.WithCancellation(cancellationToken))
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Runs <paramref name="call"/> within the deadline and returns the exception of type <typeparamref name="TException"/> it throws, checked for the key.</summary>
    public static async Task<TException> FailsWith<TException>(Func<Task> call)
        where TException : Exception
    {
        TException e = await Assert.ThrowsAnyAsync<TException>(() => call().WaitAsync(Deadline));
        TestKeys.AssertNoKey(e);
        return e;
    }

    public static string NonStreamingBody(string content, string extra = "") =>
        $$"""{"id":"","object":"","created":1750000000,"model":"","choices":[{"index":0,"message":{"role":"assistant","content":{{JsonSerializer.Serialize(content, TestJson.Default.String)}}},"finish_reason":null}]{{extra}}}""";

    /// <summary>An SSE body: one <c>data:</c> event per content piece, then a last chunk carrying <paramref name="lastChunkExtra"/>.</summary>
    public static string Sse(IEnumerable<string> pieces, string lastChunkExtra = "", bool done = true)
    {
        var text = new System.Text.StringBuilder();
        foreach (string piece in pieces)
        {
            text.Append("data: {\"type\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":")
                .Append(JsonSerializer.Serialize(piece, TestJson.Default.String))
                .Append("},\"finish_reason\":null}]}\n\n");
        }

        text.Append("data: {\"type\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]")
            .Append(lastChunkExtra).Append("}\n\n");
        if (done)
        {
            text.Append("data: [DONE]\n\n");
        }

        return text.ToString();
    }

    public static readonly string BasisJson = """
        "basis":[{"field":"city","reasoning":"The page says so.","confidence":"high","citations":[{"url":"https://example.com/sf","title":"SF","excerpts":["San Francisco"],"extra":1}],"unknown":{"a":[1]}},
                 {"field":"temperature","reasoning":"Weather report.","confidence":"Very sure","citations":[]},
                 {"field":"units","reasoning":"Stated.","confidence":null}],"interaction_id":"int_123"
        """.ReplaceLineEndings(" ");
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class TestJson : System.Text.Json.Serialization.JsonSerializerContext;
