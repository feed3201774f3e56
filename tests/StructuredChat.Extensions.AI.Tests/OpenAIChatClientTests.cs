using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using StructuredChat.Emulator;

namespace StructuredChat.Extensions.AI.Tests;

/// <summary>
/// Typed calls through Microsoft.Extensions.AI's OpenAI client (what an OpenAI, Azure OpenAI or any
/// OpenAI-compatible user has) pointed at the emulator's Chat endpoint.
/// </summary>
public sealed class OpenAIChatClientTests
{
    private const string Json = """{"name":"Contoso","employees":250,"size":"Large","founded":null,"people":[{"name":"Ada Lovelace","role":"founder"}],"tags":["ai","search"],"public":false,"revenue":12.5}""";

    // The OpenAI SDK (2.x) throws on Parallel's documented null finish_reason in a non-streaming body, hence "stop".
    private static Task<ParallelEmulator> StartEmulatorAsync() =>
        ParallelEmulator.StartAsync(new ParallelEmulatorOptions { FinishReason = "stop" }, TestContext.Current.CancellationToken);

    private static IChatClient OpenAIClient(ParallelEmulator emulator, string model = "base") => OpenAIChatClients.Create(emulator, model);

    [Fact]
    public async Task AskAsync_through_the_OpenAI_client_sends_the_generated_schema_and_reads_the_typed_value()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedResponse.WithContent(Json));
        using IChatClient client = OpenAIClient(emulator);

        TypedChatResponse<Company> answer = await client.AskAsync<Company>("Tell me about Contoso.", new ChatOptions { ModelId = "lite" }, Deadline.After());

        Assert.True(Company.Parse(Json).Equals(answer.Value), Company.Json(answer.Value));
        var request = Assert.Single(emulator.Requests);
        Assert.Equal("lite", request.Model);
        Assert.False(request.Stream);
        Assert.Equal("json_schema", request.ResponseFormatType);
        Assert.Equal("company", request.SchemaName);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Company.JsonSchema), JsonNode.Parse(request.SchemaJson!)), request.SchemaJson);
        Assert.Equal("Tell me about Contoso.", request.Prompt);
    }

    [Fact]
    public async Task StreamAsync_through_the_OpenAI_client_gives_growing_partials_then_the_typed_value()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedResponse.WithContent(Json));
        using IChatClient client = OpenAIClient(emulator);
        var names = new List<string>();
        TypedChatResponseUpdate<Company> last = default;

        await foreach (var update in client.StreamAsync<Company>("Tell me about Contoso.", cancellationToken: Deadline.After()))
        {
            names.Add($"{update.Partial.Name}");
            Assert.Equal(!update.IsComplete, update.Update is not null);   // each step names the provider's update behind it
            last = update;
        }

        Assert.True(Company.Parse(Json).Equals(last.Value), Company.Json(last.Value!));
        Assert.Contains(names, n => n.Length is > 0 and < 7);   // seen before it was whole
        Assert.True(emulator.Requests.Single().Stream);
        Assert.Equal(Json, last.Response!.Text);
    }

    [Fact]
    public async Task A_synthesized_answer_to_the_generated_schema_reads_as_a_typed_value_streaming_and_not()
    {
        await using var emulator = await StartEmulatorAsync();
        using IChatClient client = OpenAIClient(emulator, "speed");

        TypedChatResponse<Company> whole = await client.AskAsync<Company>("Tell me about Fabrikam.", cancellationToken: Deadline.After());
        TypedChatResponseUpdate<Company> last = default;
        await foreach (var update in client.StreamAsync<Company>("Tell me about Fabrikam.", cancellationToken: Deadline.After()))
        {
            last = update;
        }

        // The emulator synthesizes the same answer for the same messages and schema.
        Assert.False(string.IsNullOrEmpty(whole.Value.Name));
        Assert.True(whole.Value.Equals(last.Value), $"{Company.Json(whole.Value)}\n{Company.Json(last.Value!)}");
        Assert.Equal(2, emulator.RequestCount);
    }

    [Fact]
    public async Task Content_that_is_not_the_JSON_is_a_format_error_with_the_raw_text()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedResponse.WithContent("""{"name":"Contoso","employees":"lots"}"""));
        using IChatClient client = OpenAIClient(emulator);

        var error = await Assert.ThrowsAsync<ParallelResponseFormatException>(() => client.AskAsync<Company>("Hi", cancellationToken: Deadline.After()));

        Assert.Equal("""{"name":"Contoso","employees":"lots"}""", error.RawText);
        Assert.Equal("employees", error.JsonPath);
    }
}
