using System.Net;
using System.Text.Json;

namespace StructuredChat.Client.Tests;

public sealed class RequestTests
{
    [Fact]
    public async Task A_text_question_is_posted_to_chat_completions_with_both_auth_headers()
    {
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.OK, Clients.NonStreamingBody("Paris."));
        using ParallelChatClient client = Clients.Create(handler);

        ParallelTextResponse answer = await client.AskAsync("Capital of France?", ParallelModel.Speed).Within();

        Assert.Equal("Paris.", answer.Text);
        CapturedRequest request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://api.parallel.test/chat/completions", request.Uri.ToString());
        Assert.Equal("Bearer " + TestKeys.ApiKey, request.Headers.Authorization?.ToString());
        Assert.Equal(TestKeys.ApiKey, Assert.Single(request.Headers.GetValues("x-api-key")));
        using JsonDocument body = JsonDocument.Parse(request.Body);
        Assert.Equal("speed", body.RootElement.GetProperty("model").GetString());
        Assert.False(body.RootElement.GetProperty("stream").GetBoolean());
        Assert.False(body.RootElement.TryGetProperty("response_format", out _));
        JsonElement message = Assert.Single(body.RootElement.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal("Capital of France?", message.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_conversation_sends_the_system_prompt_first_then_the_turns_and_the_previous_interaction_id()
    {
        var handler = new ScriptedHandler().EnqueueStream(Clients.Sse(["ok"]));
        using ParallelChatClient client = Clients.Create(handler, configure: o => o.DefaultModel = ParallelModel.Core);
        var request = new ParallelChatRequest
        {
            SystemPrompt = "Be brief.",
            PreviousInteractionId = "int_prev\"1",
            Messages =
            {
                ParallelChatMessage.User("Who founded it?"),
                ParallelChatMessage.Assistant("Parag Agrawal."),
                ParallelChatMessage.User("When?"),
            },
        };

        await client.StreamAsync(request).ToListAsync().Within();

        using JsonDocument body = JsonDocument.Parse(Assert.Single(handler.Requests).Body);
        JsonElement root = body.RootElement;
        Assert.Equal("core", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.Equal("int_prev\"1", root.GetProperty("previous_interaction_id").GetString());
        string[] roles = [.. root.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()!)];
        string[] contents = [.. root.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()!)];
        Assert.Equal(["system", "user", "assistant", "user"], roles);
        Assert.Equal(["Be brief.", "Who founded it?", "Parag Agrawal.", "When?"], contents);
        Assert.Equal("text/event-stream", Assert.Single(handler.Requests).Headers.Accept.Single().MediaType);
    }

    [Fact]
    public void The_schema_bytes_go_verbatim_into_response_format_with_name_and_strict()
    {
        const string schema = """{"type":"object","properties":{"city":{"type":"string","description":"Ünïcode \"quoted\""}},"required":["city"],"additionalProperties":false}""";
        using var buffer = new PooledBufferWriter();

        ChatRequestWriter.Write(buffer, new ParallelChatRequest("Where?"), ParallelModel.Base, stream: true, AnswerFormat.JsonSchema, "location", System.Text.Encoding.UTF8.GetBytes(schema));

        string body = System.Text.Encoding.UTF8.GetString(buffer.WrittenMemory.Span);
        Assert.Contains("\"schema\":" + schema, body, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(body);
        JsonElement format = document.RootElement.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("location", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
    }

    [Theory]
    [InlineData("https://api.parallel.ai", "https://api.parallel.ai/chat/completions")]
    [InlineData("https://api.parallel.ai/v1beta/", "https://api.parallel.ai/v1beta/chat/completions")]
    [InlineData("http://127.0.0.1:8089", "http://127.0.0.1:8089/chat/completions")]
    [InlineData("http://localhost:8089/v1beta/chat/completions", "http://localhost:8089/v1beta/chat/completions")]
    public void The_endpoint_is_the_base_url_plus_chat_completions(string baseUrl, string endpoint)
    {
        using var client = new ParallelChatClient(new ParallelChatClientOptions { ApiKey = TestKeys.ApiKey, BaseUrl = new Uri(baseUrl) });

        Assert.Equal(endpoint, client.Endpoint.ToString());
    }

    [Theory]
    [InlineData("http://api.parallel.ai")]
    [InlineData("http://10.0.0.5:8089")]
    [InlineData("ftp://127.0.0.1")]
    public void Plain_http_is_refused_unless_loopback(string baseUrl)
    {
        var e = Assert.Throws<ArgumentException>(() => new ParallelChatClient(new ParallelChatClientOptions { ApiKey = TestKeys.ApiKey, BaseUrl = new Uri(baseUrl) }));

        Assert.Contains("HTTPS", e.Message, StringComparison.Ordinal);
        TestKeys.AssertNoKey(e);
    }

    [Fact]
    public void The_key_and_base_url_come_from_the_environment_when_not_set()
    {
        string? oldKey = Environment.GetEnvironmentVariable("PARALLEL_API_KEY");
        string? oldUrl = Environment.GetEnvironmentVariable("PARALLEL_BASE_URL");
        try
        {
            Environment.SetEnvironmentVariable("PARALLEL_API_KEY", TestKeys.ApiKey);
            Environment.SetEnvironmentVariable("PARALLEL_BASE_URL", "http://127.0.0.1:5999/v1beta");
            using var client = new ParallelChatClient();
            Assert.Equal("http://127.0.0.1:5999/v1beta/chat/completions", client.Endpoint.ToString());
            Assert.Equal(TestKeys.ApiKey, client.Transport.ApiKey);

            Environment.SetEnvironmentVariable("PARALLEL_API_KEY", null);
            Environment.SetEnvironmentVariable("PARALLEL_BASE_URL", null);
            var e = Assert.Throws<ArgumentException>(() => new ParallelChatClient());
            Assert.Contains("PARALLEL_API_KEY", e.Message, StringComparison.Ordinal);
            using var defaults = new ParallelChatClient(new ParallelChatClientOptions { ApiKey = TestKeys.ApiKey });
            Assert.Equal("https://api.parallel.ai/chat/completions", defaults.Endpoint.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("PARALLEL_API_KEY", oldKey);
            Environment.SetEnvironmentVariable("PARALLEL_BASE_URL", oldUrl);
        }
    }

    [Fact]
    public void Models_know_the_four_names_and_accept_others()
    {
        Assert.Equal(["speed", "lite", "base", "core"], new[] { ParallelModel.Speed, ParallelModel.Lite, ParallelModel.Base, ParallelModel.Core }.Select(m => m.Name));
        ParallelModel custom = "core-fast";
        Assert.Equal("core-fast", custom.ToString());
        Assert.Equal(ParallelModel.Core, (ParallelModel)"CORE");
        Assert.NotEqual(ParallelModel.Core, custom);
        Assert.Equal("base", default(ParallelModel).Name);
    }

    [Fact]
    public void The_clients_own_HttpClient_has_no_100_second_timeout_and_core_waits_longer_than_five_minutes()
    {
        using var client = new ParallelChatClient(new ParallelChatClientOptions { ApiKey = TestKeys.ApiKey });
        var options = new ParallelChatClientOptions();

        Assert.Equal(Timeout.InfiniteTimeSpan, client.Transport.OwnedHttpClient!.Timeout);
        Assert.True(options.FirstTokenTimeoutFor(ParallelModel.Core) > TimeSpan.FromMinutes(5));
        Assert.True(options.FirstTokenTimeoutFor("some-new-model") >= TimeSpan.FromMinutes(5));
        Assert.True(options.StallTimeout < options.FirstTokenTimeoutFor(ParallelModel.Core));
    }

    [Fact]
    public async Task A_client_from_an_IHttpClientFactory_is_used_by_name_without_the_100_second_timeout()
    {
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.OK, Clients.NonStreamingBody("from factory"));
        var factory = new RecordingFactory(handler);
        using var client = new ParallelChatClient(new ParallelChatClientOptions
        {
            ApiKey = TestKeys.ApiKey,
            BaseUrl = Clients.BaseUrl,
            HttpClientFactory = factory,
            HttpClientName = "parallel",
        });

        ParallelTextResponse answer = await client.AskAsync("q").Within();

        Assert.Equal("from factory", answer.Text);
        Assert.Equal(["parallel"], factory.Names);
        Assert.Equal(Timeout.InfiniteTimeSpan, Assert.Single(factory.Clients).Timeout);
    }

    private sealed class RecordingFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public List<string> Names { get; } = [];

        public List<HttpClient> Clients { get; } = [];

        public HttpClient CreateClient(string name)
        {
            Names.Add(name);
            var client = new HttpClient(handler, disposeHandler: false);
            Clients.Add(client);
            return client;
        }
    }
}
