using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OpenAI;
using OpenAI.Chat;

namespace StructuredChat.Benchmarks;

/// <summary>
/// Issue 5: the full path from SSE bytes to the final typed object. An in-memory <see cref="HttpMessageHandler"/> replays
/// a recorded-style stream of 2,000 chunk events. Ours: <c>StreamAsync&lt;Catalog&gt;</c>, which also produces a partial
/// object at every event. Reference: the OpenAI .NET SDK's <c>CompleteChatStreamingAsync</c> on the same bytes plus one
/// System.Text.Json deserialize of the concatenated content at the end.
/// </summary>
[MemoryDiagnoser]
public class ClientStreamingBenchmarks
{
    private const int Events = 2_000;
    private byte[] _sse = [];
    private HttpClient _http = null!;
    private ParallelChatClient _ours = null!;
    private ChatClient _openAi = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sse = BuildStream(CatalogText(12_000), Events);
        _http = new HttpClient(new ReplayHandler(_sse)) { Timeout = Timeout.InfiniteTimeSpan };
        _ours = new ParallelChatClient(new ParallelChatClientOptions
        {
            ApiKey = "benchmark-key",
            BaseUrl = new Uri("http://127.0.0.1:9/"),
            HttpClient = _http,
            RequestsPerMinute = int.MaxValue,
        });
        _openAi = new ChatClient("base", new ApiKeyCredential("benchmark-key"), new OpenAIClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:9/"),
            Transport = new HttpClientPipelineTransport(_http),
        });
    }

    [GlobalCleanup]
    public void Cleanup() => _http.Dispose();

    [Benchmark(Baseline = true, Description = "OpenAI SDK stream + STJ at the end")]
    public async Task<Catalog> OpenAiSdk()
    {
        var content = new StringBuilder();
        await foreach (var update in _openAi.CompleteChatStreamingAsync([new UserChatMessage("List the catalog.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                content.Append(part.Text);
            }
        }

        return JsonSerializer.Deserialize(content.ToString(), BenchmarkJsonContext.Default.Catalog)!;
    }

    [Benchmark(Description = "StructuredChat StreamAsync<T> (partial at every event)")]
    public async Task<Catalog> StructuredChatStream()
    {
        Catalog? value = default;
        await foreach (var update in _ours.StreamAsync<Catalog>("List the catalog.", ParallelModel.Base))
        {
            if (update.IsComplete)
            {
                value = update.Value;
            }
        }

        return value!;
    }

    internal static string CatalogText(int size)
    {
        var bytes = Documents.Get("array-64KB");
        using var document = JsonDocument.Parse(bytes);
        var items = document.RootElement.GetProperty("items").EnumerateArray().ToList();
        var builder = new StringBuilder("{\"title\":\"Catalog\",\"items\":[");
        for (var i = 0; builder.Length < size && i < items.Count; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append(items[i].GetRawText());
        }

        return builder.Append("]}").ToString();
    }

    /// <summary>The content cut into <paramref name="events"/> pieces, each sent as an OpenAI-shaped chunk event; basis and interaction id on the last.</summary>
    internal static byte[] BuildStream(string content, int events)
    {
        var output = new MemoryStream();
        var writer = new Utf8JsonWriter(output);
        var pieceLength = (content.Length + events - 1) / events;
        for (var start = 0; start < content.Length; start += pieceLength)
        {
            var piece = content.Substring(start, Math.Min(pieceLength, content.Length - start));
            output.Write("data: "u8);
            writer.Reset(output);
            writer.WriteStartObject();
            writer.WriteString("id", "chatcmpl-benchmark");
            writer.WriteString("object", "chat.completion.chunk");
            writer.WriteNumber("created", 1_750_000_000);
            writer.WriteString("model", "base");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            writer.WriteString("content", piece);
            writer.WriteEndObject();
            writer.WriteNull("finish_reason");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            output.Write("\n\n"u8);
        }

        output.Write("""data: {"id":"chatcmpl-benchmark","object":"chat.completion.chunk","created":1750000000,"model":"base","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"basis":[{"field":"title","reasoning":"r","citations":[{"url":"https://example.com","title":"t","excerpts":["e"]}],"confidence":"high"}],"interaction_id":"int_benchmark"}"""u8);
        output.Write("\n\ndata: [DONE]\n\n"u8);
        return output.ToArray();
    }

    private sealed class ReplayHandler(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(body),
                RequestMessage = request,
            };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(response);
        }
    }
}
