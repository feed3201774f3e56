using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // The Responses client is marked experimental in OpenAI 2.10.

namespace StructuredChat.Emulator.Tests;

/// <summary>The official OpenAI .NET SDK's Responses client (an independent reader of the wire) against the emulator's <c>/v1/responses</c>.</summary>
public sealed class OpenAISdkResponsesTests
{
    private static ResponsesClient Client(ParallelEmulator emulator) =>
        new(new ApiKeyCredential(emulator.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(emulator.BaseUrl, "v1"), NetworkTimeout = TimeSpan.FromSeconds(20) });

    private static CreateResponseOptions Options(string question, bool structured, bool stream = false)
    {
        var options = new CreateResponseOptions("parallel", [ResponseItem.CreateUserMessageItem(question)])
        {
            StreamingEnabled = stream,
            Instructions = "You are a research assistant.",
            ReasoningOptions = new() { ReasoningEffortLevel = ResponseReasoningEffortLevel.Low },
        };
        options.Metadata["row"] = "7";
        if (structured)
        {
            options.TextOptions = new() { TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("company_info", BinaryData.FromString(SchemaCorpus.CompanyInfo), null, true) };
        }

        return options;
    }

    [Fact]
    public async Task A_non_streaming_call_reads_the_search_items_the_message_and_citations_on_its_sentences()
    {
        await using var session = new Session(await Emulators.StartAsync());
        var (emulator, wire) = session;

        ResponseResult response = await Client(emulator).CreateResponseAsync(Options("Who founded Contoso?", structured: false), wire.Deadline);

        Assert.StartsWith("resp_", response.Id);
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.IsAssignableFrom<MessageResponseItem>(response.OutputItems[^1]);
        Assert.All(response.OutputItems.Take(response.OutputItems.Count - 1), item => Assert.IsAssignableFrom<WebSearchCallResponseItem>(item));
        var text = response.GetOutputText();
        var citations = ((MessageResponseItem)response.OutputItems[^1]).Content[0].OutputTextAnnotations.Cast<UriCitationMessageAnnotation>().ToList();
        Assert.NotEmpty(citations);
        Assert.All(citations, c => Assert.EndsWith(".", Responses.Span(text, c.StartIndex, c.EndIndex), StringComparison.Ordinal));
        Assert.Equal("low", emulator.Requests.Single().ReasoningEffort);
        Assert.Equal("You are a research assistant.", emulator.Requests.Single().Instructions);
    }

    [Fact]
    public async Task A_structured_call_validates_and_its_citations_cover_the_values()
    {
        await using var session = new Session(await Emulators.StartAsync());
        var (emulator, wire) = session;

        ResponseResult response = await Client(emulator).CreateResponseAsync(Options("Tell me about Contoso.", structured: true), wire.Deadline);

        var text = response.GetOutputText();
        await SchemaAssert.ValidatesAsync(SchemaCorpus.CompanyInfo, text);
        var citations = ((MessageResponseItem)response.OutputItems[^1]).Content[0].OutputTextAnnotations.Cast<UriCitationMessageAnnotation>();
        Responses.AssertCitationsSitOnValues(text, citations.Select(c => (c.StartIndex, c.EndIndex)));
        Assert.Equal("json_schema", emulator.Requests.Single().ResponseFormatType);
        Assert.Equal("company_info", emulator.Requests.Single().SchemaName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_streaming_structured_call_gives_deltas_that_join_to_the_completed_text(bool tokenDeltas)
    {
        await using var session = new Session(await Emulators.StartAsync(new() { ResponsesTokenDeltas = tokenDeltas }));
        var (emulator, wire) = session;

        var text = new StringBuilder();
        var deltas = 0;
        ResponseResult? completed = null;
        await foreach (var update in Client(emulator).CreateResponseStreamingAsync(Options("Tell me about Fabrikam.", structured: true, stream: true), wire.Deadline))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas++;
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.NotNull(completed);
        Assert.Equal(completed.GetOutputText(), text.ToString());
        Assert.True(tokenDeltas ? deltas > 10 : deltas == 1, $"{deltas} deltas");
        await SchemaAssert.ValidatesAsync(SchemaCorpus.CompanyInfo, text.ToString());
        Assert.True(emulator.Requests.Single().Stream);
    }
}
