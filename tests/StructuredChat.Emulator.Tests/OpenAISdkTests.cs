using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Chat;

namespace StructuredChat.Emulator.Tests;

/// <summary>The official OpenAI .NET SDK, an independent client, understands the emulator's wire.</summary>
public sealed class OpenAISdkTests
{
    private static ChatClient Client(ParallelEmulator emulator, string model) =>
        new(model, new ApiKeyCredential(emulator.ApiKey), new OpenAIClientOptions { Endpoint = emulator.BaseUrl, NetworkTimeout = TimeSpan.FromSeconds(20) });

    private static ChatCompletionOptions JsonSchemaOptions() => new()
    {
        ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("company_info", BinaryData.FromString(SchemaCorpus.CompanyInfo), jsonSchemaIsStrict: true),
    };

    [Fact]
    public async Task A_non_streaming_json_schema_call_succeeds_and_the_content_validates()
    {
        // The SDK throws on Parallel's documented null finish_reason in a non-streaming body, hence "stop".
        await using var emulator = await Emulators.StartAsync(new() { FinishReason = "stop" });
        using var wire = new Wire(emulator);

        ChatCompletion completion = await Client(emulator, "base").CompleteChatAsync(
            [new SystemChatMessage("You are a research assistant."), new UserChatMessage("Tell me about Contoso.")], JsonSchemaOptions(), wire.Deadline);

        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        await SchemaAssert.ValidatesAsync(SchemaCorpus.CompanyInfo, completion.Content[0].Text);
        Assert.Equal("base", emulator.Requests.Single().Model);
        Assert.Equal("json_schema", emulator.Requests.Single().ResponseFormatType);
    }

    [Fact]
    public async Task A_streaming_json_schema_call_succeeds_and_the_content_validates()
    {
        await using var emulator = await Emulators.StartAsync();
        using var wire = new Wire(emulator);

        var content = new StringBuilder();
        var updates = 0;
        await foreach (var update in Client(emulator, "core").CompleteChatStreamingAsync(
            [new UserChatMessage("Tell me about Fabrikam.")], JsonSchemaOptions(), wire.Deadline))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                content.Append(part.Text);
            }
        }

        Assert.True(updates > 10, $"only {updates} updates");
        await SchemaAssert.ValidatesAsync(SchemaCorpus.CompanyInfo, content.ToString());
        Assert.True(emulator.Requests.Single().Stream);
    }
}
