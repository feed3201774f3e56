using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Responses;
using StructuredChat.Emulator;

#pragma warning disable OPENAI001 // The Responses client is marked experimental in OpenAI 2.10.

namespace StructuredChat.Extensions.AI.Tests;

/// <summary>
/// An independent reader of the same wire: the OpenAI .NET SDK's Responses client and StructuredChat ask the emulator
/// the same question (its synthesized answer depends only on the question and schema) and must read the same text,
/// citations and search trail.
/// </summary>
public sealed class OpenAIResponsesAgreementTests
{
    private static ResponsesClient OpenAIClient(ParallelEmulator emulator) =>
        new(new ApiKeyCredential(emulator.ApiKey), new ResponsesClientOptions { Endpoint = new Uri(emulator.BaseUrl, "v1"), NetworkTimeout = TimeSpan.FromSeconds(20) });

    private static CreateResponseOptions Options(string question, bool stream) => new("parallel", [ResponseItem.CreateUserMessageItem(question)])
    {
        StreamingEnabled = stream,
        TextOptions = new() { TextFormat = ResponseTextFormat.CreateJsonSchemaFormat(Company.JsonSchemaName, BinaryData.FromString(Company.JsonSchema), null, true) },
    };

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Both_clients_read_the_same_text_citations_and_search_trail(bool stream, bool tokenDeltas)
    {
        await using var emulator = await ParallelEmulator.StartAsync(new ParallelEmulatorOptions { Timing = EmulatorTimingProfile.Instant, ResponsesTokenDeltas = tokenDeltas }, TestContext.Current.CancellationToken);
        using var parallel = new ParallelChatClient(new ParallelChatClientOptions { ApiKey = emulator.ApiKey, BaseUrl = emulator.BaseUrl });
        const string Question = "Tell me about Contoso.";

        ResponseResult theirs = stream ? await Completed(OpenAIClient(emulator), Question) : await OpenAIClient(emulator).CreateResponseAsync(Options(Question, stream: false), Deadline.After());
        ParallelResponse<Company> ours = stream
            ? (await Last(parallel.StreamAsync<Company>(Question, ParallelModel.Responses(), Deadline.After()))).Response!
            : await parallel.AskAsync<Company>(Question, ParallelModel.Responses(), Deadline.After());

        Assert.Equal(theirs.GetOutputText(), ours.Content);
        Assert.Equal(Company.Parse(theirs.GetOutputText()), ours.Value);
        var message = theirs.OutputItems.OfType<MessageResponseItem>().Single();
        Assert.Equal(
            message.Content[0].OutputTextAnnotations.Cast<UriCitationMessageAnnotation>().Select(c => (c.Uri.ToString(), c.StartIndex, c.EndIndex)),
            ours.ResponsesDetails!.Citations.Select(c => (new Uri(c.Url).ToString(), c.StartIndex, c.EndIndex)));
        Assert.Equal(
            theirs.OutputItems.OfType<WebSearchCallResponseItem>().Select(ActionOf),
            ours.ResponsesDetails.SearchTrail.Select(step => (step.ActionType, step.Query ?? step.Url)));
        // The emulator names the path each citation was written for in the URL's fragment: every span lands there.
        Assert.All(ours.ResponsesDetails.Citations, c => Assert.Equal(Uri.UnescapeDataString(new Uri(c.Url).Fragment.TrimStart('#')), c.JsonPath));
        Assert.Empty(ResearchBasis.Unmapped(ours.Basis));
    }

    /// <summary>What the SDK kept of a search item's action, read from the item as the SDK writes it back.</summary>
    private static (string?, string?) ActionOf(WebSearchCallResponseItem item)
    {
        using var json = System.Text.Json.JsonDocument.Parse(ModelReaderWriter.Write(item).ToString());
        var action = json.RootElement.GetProperty("action");
        var type = action.GetProperty("type").GetString();
        return (type, action.GetProperty(type == "search" ? "query" : "url").GetString());
    }

    private static async Task<ResponseResult> Completed(ResponsesClient client, string question)
    {
        ResponseResult? completed = null;
        await foreach (StreamingResponseUpdate update in client.CreateResponseStreamingAsync(Options(question, stream: true), Deadline.After()))
        {
            if (update is StreamingResponseCompletedUpdate done)
            {
                completed = done.Response;
            }
        }

        return completed ?? throw new InvalidOperationException("The OpenAI SDK saw no response.completed.");
    }

    private static async Task<ParallelStreamUpdate<Company>> Last(IAsyncEnumerable<ParallelStreamUpdate<Company>> updates)
    {
        ParallelStreamUpdate<Company> last = default;
        await foreach (ParallelStreamUpdate<Company> update in updates)
        {
            last = update;
        }

        return last;
    }
}
