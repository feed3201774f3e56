using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StructuredChat.Emulator;

namespace StructuredChat.Extensions.AI.Tests;

/// <summary><see cref="ParallelChatClient.AsIChatClient"/>: the Parallel client wherever an <see cref="IChatClient"/> is expected.</summary>
public sealed class ParallelAsIChatClientTests : IAsyncLifetime
{
    private ParallelEmulator _emulator = null!;
    private ParallelChatClient _parallel = null!;

    public async ValueTask InitializeAsync()
    {
        _emulator = await ParallelEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _parallel = new ParallelChatClient(new ParallelChatClientOptions { ApiKey = _emulator.ApiKey, BaseUrl = _emulator.BaseUrl, DefaultModel = ParallelModel.Lite });
    }

    public async ValueTask DisposeAsync()
    {
        _parallel.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task A_typed_call_sends_the_model_and_the_schema_and_maps_the_basis_and_the_interaction_id()
    {
        IChatClient chat = _parallel.AsIChatClient();

        TypedChatResponse<Company> answer = await chat.AskAsync<Company>("Tell me about Contoso.", new ChatOptions { ModelId = "core" }, Deadline.After());

        EmulatorRequest request = Assert.Single(_emulator.Requests);
        Assert.Equal("core", request.Model);
        Assert.Equal("json_schema", request.ResponseFormatType);
        Assert.Equal("company", request.SchemaName);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Company.JsonSchema), JsonNode.Parse(request.SchemaJson!)));
        Assert.False(string.IsNullOrEmpty(answer.Value.Name));
        var raw = Assert.IsType<ParallelTextResponse>(answer.Response.RawRepresentation);
        Assert.NotNull(raw.InteractionId);
        Assert.Equal(raw.InteractionId, answer.Response.ConversationId);
        Assert.Equal(raw.InteractionId, answer.Response.ResponseId);
        Assert.Equal("core", answer.Response.ModelId);
        Assert.NotEmpty(raw.BasisEntries);
        Assert.Equal(Render(raw.BasisEntries), Render(ResearchBasis.Entries(answer.Basis)));
        Assert.Equal(raw.BasisEntries.Single(e => e.Field == "name").Reasoning, answer.Basis.Name?.Reasoning);
        Assert.Empty(ResearchBasis.Unmapped(answer.Basis));   // every path the server sent lands on a property
    }

    [Fact]
    public async Task A_typed_stream_gives_growing_partials_then_the_value_with_its_basis()
    {
        IChatClient chat = _parallel.AsIChatClient();
        var names = new List<string>();
        TypedChatResponseUpdate<Company> last = default;

        await foreach (var update in chat.StreamAsync<Company>("Tell me about Fabrikam.", new ChatOptions { ModelId = "base" }, Deadline.After()))
        {
            names.Add($"{update.Partial.Name}");
            last = update;
        }

        Assert.True(last.IsComplete);
        Assert.Equal(last.Value!.Name, names[^1]);
        Assert.Contains(names, n => n.Length > 0 && n.Length < last.Value.Name.Length);
        Assert.NotNull(last.Response!.Response.ConversationId);
        Assert.NotEmpty(ResearchBasis.Entries(last.Response.Basis));
        Assert.NotNull(last.Response.Basis.Name);
        Assert.True(Assert.Single(_emulator.Requests).Stream);
    }

    [Fact]
    public async Task The_conversation_id_asks_a_follow_up_and_instructions_become_the_system_prompt()
    {
        IChatClient chat = _parallel.AsIChatClient();
        ChatResponse first = await chat.GetResponseAsync("Who founded Contoso?", cancellationToken: Deadline.After());

        ChatResponse second = await chat.GetResponseAsync(
            "And when?", new ChatOptions { ConversationId = first.ConversationId, Instructions = "Answer briefly." }, Deadline.After());

        Assert.False(string.IsNullOrEmpty(first.Text));
        Assert.False(string.IsNullOrEmpty(second.Text));
        EmulatorRequest followUp = _emulator.Requests[1];
        Assert.Equal(first.ConversationId, followUp.PreviousInteractionId);
        Assert.Equal([new EmulatorMessage("system", "Answer briefly."), new EmulatorMessage("user", "And when?")], followUp.Messages);
        Assert.Null(followUp.ResponseFormatType);   // text: no response format
        Assert.Equal("lite", followUp.Model);   // the client's default model
    }

    [Fact]
    public async Task A_streamed_text_answer_ends_with_the_ids_and_the_basis()
    {
        IChatClient chat = _parallel.AsIChatClient();
        var updates = new List<ChatResponseUpdate>();

        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Tell me about Contoso.", cancellationToken: Deadline.After()))
        {
            updates.Add(update);
        }

        ChatResponse response = updates.ToChatResponse();
        var last = Assert.IsType<ParallelTextStreamUpdate>(updates[^1].RawRepresentation);
        Assert.True(updates.Count > 2);
        Assert.Equal(last.Text, response.Text);
        Assert.Equal(last.InteractionId, response.ConversationId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(Render(last.BasisEntries), Render(ParallelChatProperties.GetBasis(response.AdditionalProperties)));
        Assert.NotEmpty(last.BasisEntries);
    }

    [Fact]
    public async Task What_Parallel_cannot_take_is_refused_before_any_request()
    {
        IChatClient chat = _parallel.AsIChatClient();

        await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync(
            "Hi", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 42, "answer")] }, Deadline.After()));
        await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("What is this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")])], cancellationToken: Deadline.After()));
        await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync(
            "Hi", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, Deadline.After()));

        Assert.Equal(0, _emulator.RequestCount);
    }

    [Fact]
    public async Task The_client_s_typed_errors_come_through()
    {
        using var wrongKey = new ParallelChatClient(new ParallelChatClientOptions { ApiKey = "not-the-key", BaseUrl = _emulator.BaseUrl });

        await Assert.ThrowsAsync<ParallelAuthenticationException>(() => wrongKey.AsIChatClient().AskAsync<Company>("Hi", cancellationToken: Deadline.After()));
    }

    [Fact]
    public void The_metadata_names_the_provider_the_endpoint_and_the_default_model()
    {
        IChatClient chat = _parallel.AsIChatClient();

        var metadata = chat.GetService<ChatClientMetadata>()!;

        Assert.Equal("parallel", metadata.ProviderName);
        Assert.Equal(_parallel.Endpoint, metadata.ProviderUri);
        Assert.Equal("lite", metadata.DefaultModelId);
        Assert.Same(_parallel, chat.GetService<ParallelChatClient>());
        using var responses = new ParallelChatClient(new ParallelChatClientOptions { ApiKey = "k", BaseUrl = _emulator.BaseUrl, DefaultModel = ParallelModel.Responses() });
        var responsesMetadata = responses.AsIChatClient().GetService<ChatClientMetadata>()!;
        Assert.Equal(("parallel", new Uri(_emulator.BaseUrl, "/v1/responses")), (responsesMetadata.DefaultModelId, responsesMetadata.ProviderUri));
    }

    [Fact]
    public async Task Through_a_cache_pipeline_a_second_typed_call_makes_no_request_and_keeps_the_basis()
    {
        using IChatClient pipeline = new ChatClientBuilder(_parallel.AsIChatClient())
            .UseDistributedCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())))
            .Build();
        var options = new ChatOptions { ModelId = "base" };

        TypedChatResponse<Company> first = await pipeline.AskAsync<Company>("Tell me about Contoso.", options, Deadline.After());
        TypedChatResponse<Company> second = await pipeline.AskAsync<Company>("Tell me about Contoso.", options, Deadline.After());
        TypedChatResponseUpdate<Company> streamed = await LastAsync(pipeline.StreamAsync<Company>("Tell me about Fabrikam.", options, Deadline.After()));
        TypedChatResponseUpdate<Company> streamedAgain = await LastAsync(pipeline.StreamAsync<Company>("Tell me about Fabrikam.", options, Deadline.After()));

        Assert.Equal(2, _emulator.RequestCount);
        Assert.True(first.Value.Equals(second.Value), $"{Company.Json(first.Value)}\n{Company.Json(second.Value)}");
        Assert.NotEmpty(ResearchBasis.Entries(first.Basis));
        Assert.Equal(Render(ResearchBasis.Entries(first.Basis)), Render(ResearchBasis.Entries(second.Basis)));
        Assert.Equal(first.Response.ConversationId, second.Response.ConversationId);
        Assert.True(streamed.Value!.Equals(streamedAgain.Value), $"{Company.Json(streamed.Value)}\n{Company.Json(streamedAgain.Value!)}");
        Assert.Equal(Render(ResearchBasis.Entries(streamed.Response!.Basis)), Render(ResearchBasis.Entries(streamedAgain.Response!.Basis)));
    }

    [Fact]
    public async Task AddIChatClient_registers_the_configured_client_as_the_IChatClient()
    {
        var services = new ServiceCollection();
        services.AddParallelChatClient(options =>
        {
            options.ApiKey = _emulator.ApiKey;
            options.BaseUrl = _emulator.BaseUrl;
        }).AddIChatClient();
        await using ServiceProvider provider = services.BuildServiceProvider();

        IChatClient chat = provider.GetRequiredService<IChatClient>();
        TypedChatResponse<Company> answer = await chat.AskAsync<Company>("Tell me about Contoso.", cancellationToken: Deadline.After());

        Assert.Same(provider.GetRequiredService<ParallelChatClient>(), chat.GetService<ParallelChatClient>());
        Assert.False(string.IsNullOrEmpty(answer.Value.Name));
        Assert.Equal("base", Assert.Single(_emulator.Requests).Model);
    }

    /// <summary>Basis entries as text, every member included (records compare their lists by reference).</summary>
    private static List<string> Render(IEnumerable<FieldBasis> entries) =>
        [.. entries.Select(e => $"{e.Field} | {e.Reasoning} | {e.ConfidenceText} | " +
            string.Join(" ; ", e.Citations.Select(c => $"{c.Url} {c.Title} [{string.Join(" / ", c.Excerpts)}]")))];

    private static async Task<TypedChatResponseUpdate<Company>> LastAsync(IAsyncEnumerable<TypedChatResponseUpdate<Company>> updates)
    {
        TypedChatResponseUpdate<Company> last = default;
        await foreach (var update in updates)
        {
            last = update;
        }

        return last;
    }

    [Fact]
    public async Task A_typed_call_with_model_parallel_goes_to_v1_responses_with_the_tier_and_maps_the_citations_onto_the_record()
    {
        IChatClient chat = _parallel.AsIChatClient();

        TypedChatResponse<Company> answer = await chat.AskAsync<Company>(
            "Tell me about Contoso.", new ChatOptions { ModelId = "parallel", Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } }, Deadline.After());

        EmulatorRequest request = Assert.Single(_emulator.Requests);
        Assert.Equal("/v1/responses", request.Path);
        Assert.Equal("high", request.ReasoningEffort);
        Assert.Equal("company", request.SchemaName);
        Assert.False(string.IsNullOrEmpty(answer.Value.Name));
        Assert.NotNull(answer.Basis.Name);
        Assert.All(ResearchBasis.Entries(answer.Basis), e => Assert.Null(e.Reasoning));
        Assert.Empty(ResearchBasis.Unmapped(answer.Basis));
        Assert.NotNull(answer.Response.Usage);
        Assert.True(answer.Response.Usage!.TotalTokenCount > 0);
        var raw = Assert.IsType<ParallelTextResponse>(answer.Response.RawRepresentation);
        Assert.NotEmpty(raw.ResponsesDetails!.SearchTrail);
        Assert.Equal(raw.InteractionId, answer.Response.ConversationId);
    }

    [Fact]
    public async Task A_streamed_text_answer_over_the_responses_api_ends_with_usage_and_the_response_id_for_a_follow_up()
    {
        IChatClient chat = _parallel.AsIChatClient();
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Who founded Contoso?", new ChatOptions { ModelId = "parallel" }, Deadline.After()))
        {
            updates.Add(update);
        }

        ChatResponse response = updates.ToChatResponse();
        ChatResponse followUp = await chat.GetResponseAsync("And when?", new ChatOptions { ModelId = "parallel", ConversationId = response.ConversationId }, Deadline.After());

        Assert.True(updates.Count >= 2);
        Assert.StartsWith("resp_", response.ConversationId, StringComparison.Ordinal);
        Assert.True(response.Usage?.TotalTokenCount > 0);
        Assert.Null(_emulator.Requests[0].ReasoningEffort);
        Assert.Equal(response.ConversationId, _emulator.Requests[1].PreviousResponseId);
        Assert.False(string.IsNullOrEmpty(followUp.Text));
    }
}
