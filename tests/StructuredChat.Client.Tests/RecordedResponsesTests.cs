using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StructuredChat.Client.Tests;

[ParallelResponse]
public partial record AnimalList([property: JsonPropertyName("animal_data_list")] IReadOnlyList<string> AnimalDataList);

/// <summary>
/// Real OpenAI Responses API traffic (tests/TestData/recorded-streams/openai-dotnet) replayed through the client: the
/// text, items and citations it gives must be what the recording holds, read here independently with JsonDocument.
/// </summary>
public sealed class RecordedResponsesTests
{
    private static string Recording(string name) => RepositoryPaths.TestData("recorded-streams", "openai-dotnet", name);

    /// <summary>The oracle: the response object of the recording's <c>response.completed</c> event (or the body).</summary>
    private static JsonDocument FinalResponse(string name)
    {
        string text = File.ReadAllText(Recording(name));
        if (!name.EndsWith(".sse", StringComparison.Ordinal))
        {
            return JsonDocument.Parse(text);
        }

        string completed = text.Split('\n').Last(line => line.StartsWith("data: {\"type\":\"response.completed\"", StringComparison.Ordinal));
        using JsonDocument completedEvent = JsonDocument.Parse(completed["data: ".Length..]);
        return JsonDocument.Parse(completedEvent.RootElement.GetProperty("response").GetRawText());
    }

    private static IEnumerable<JsonElement> TextParts(JsonElement response) =>
        response.GetProperty("output").EnumerateArray()
            .Where(item => item.GetProperty("type").GetString() == "message")
            .SelectMany(item => item.GetProperty("content").EnumerateArray())
            .Where(part => part.GetProperty("type").GetString() == "output_text");

    private static string OutputText(JsonElement response) => string.Concat(TextParts(response).Select(p => p.GetProperty("text").GetString()));

    private static string[] Deltas(string name) =>
        [.. File.ReadAllLines(Recording(name))
            .Where(line => line.StartsWith("data: {\"type\":\"response.output_text.delta\"", StringComparison.Ordinal))
            .Select(line =>
            {
                using JsonDocument delta = JsonDocument.Parse(line["data: ".Length..]);
                return delta.RootElement.GetProperty("delta").GetString()!;
            })];

    private static (string Url, int Start, int End)[] Annotations(JsonElement response) =>
        [.. TextParts(response).SelectMany(p => p.GetProperty("annotations").EnumerateArray())
            .Select(a => (a.GetProperty("url").GetString()!, a.GetProperty("start_index").GetInt32(), a.GetProperty("end_index").GetInt32()))];

    private static string[] SearchQueries(JsonElement response) =>
        [.. response.GetProperty("output").EnumerateArray()
            .Where(item => item.GetProperty("type").GetString() == "web_search_call")
            .Select(item => item.GetProperty("action").GetProperty("query").GetString()!)];

    [Theory]
    [InlineData("plain-text-streaming.sse", 1)]
    [InlineData("websearch-streaming.sse", 3)]
    [InlineData("websearch-streaming-annotated.sse", 64)]
    public async Task A_recorded_stream_gives_the_recorded_deltas_text_citations_and_search_trail(string name, int readSize)
    {
        using JsonDocument final = FinalResponse(name);
        var handler = new ScriptedHandler().EnqueueStream(File.ReadAllBytes(Recording(name)), readSize);
        using ParallelChatClient client = Clients.Create(handler);

        List<ParallelTextStreamUpdate> updates = await client.StreamAsync("q", ParallelModel.Responses()).ToListAsync().Within();

        ParallelTextStreamUpdate last = updates[^1];
        Assert.Equal(Deltas(name), updates.SkipLast(1).Select(u => u.Delta));
        Assert.Equal(OutputText(final.RootElement), last.Text);
        Assert.Equal(string.Concat(Deltas(name)), last.Text);
        Assert.Equal(final.RootElement.GetProperty("id").GetString(), last.InteractionId);
        ParallelResponsesDetails details = last.ResponsesDetails!;
        Assert.Equal(Annotations(final.RootElement), details.Citations.Select(c => (c.Url, c.StartIndex, c.EndIndex)));
        Assert.Equal(SearchQueries(final.RootElement), details.SearchTrail.Select(s => s.Query));
        Assert.Equal(final.RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt64(), details.Usage!.TotalTokens);
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task The_annotated_recording_cites_the_text_the_recording_says_it_cites()
    {
        var handler = new ScriptedHandler().EnqueueStream(File.ReadAllBytes(Recording("websearch-streaming-annotated.sse")), 17);
        using ParallelChatClient client = Clients.Create(handler);

        ParallelTextResponse answer = await client.AskAsync("q", ParallelModel.Responses()).Within();

        // The README of the recording: one url_citation [891, 1010), code points of the text, end exclusive.
        ParallelTextCitation citation = Assert.Single(answer.ResponsesDetails!.Citations);
        string cited = SliceByCodePoints(answer.Text, citation.StartIndex, citation.EndIndex);
        Assert.StartsWith("([weather2visit.com](", cited, StringComparison.Ordinal);
        Assert.EndsWith("?utm_source=openai))", cited, StringComparison.Ordinal);
        Assert.Equal(citation.Url, Assert.Single(Assert.Single(answer.BasisEntries).Citations).Url);
    }

    [Fact]
    public async Task The_recorded_web_search_body_gives_its_text_citation_and_search()
    {
        using JsonDocument final = FinalResponse("websearch.json");
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.OK, File.ReadAllText(Recording("websearch.json")));
        using ParallelChatClient client = Clients.Create(handler);

        ParallelTextResponse answer = await client.AskAsync("q", ParallelModel.Responses()).Within();

        Assert.Equal(OutputText(final.RootElement), answer.Text);
        Assert.Equal([("https://www.weather-atlas.com/en/washington-usa/redmond-weather-march?utm_source=openai", 895, 1005)], answer.ResponsesDetails!.Citations.Select(c => (c.Url, c.StartIndex, c.EndIndex)));
        ParallelSearchStep search = Assert.Single(answer.ResponsesDetails.SearchTrail);
        Assert.Equal(("search", "completed"), (search.ActionType, search.Status));
        Assert.Equal(SearchQueries(final.RootElement).Single(), search.Query);
    }

    [Fact]
    public async Task The_recorded_structured_output_body_gives_the_typed_value()
    {
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.OK, File.ReadAllText(Recording("structured-output.json")));
        using ParallelChatClient client = Clients.Create(handler);

        ParallelResponse<AnimalList> answer = await client.AskAsync<AnimalList>("Write a JSON document with a list of five animals", ParallelModel.Responses()).Within();

        Assert.Equal(["Lion", "Elephant", "Giraffe", "Kangaroo", "Penguin"], answer.Value.AnimalDataList);
        Assert.Empty(answer.ResponsesDetails!.SearchTrail);
        string sent = handler.Requests.Single().Body;
        Assert.Contains("\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":", sent, StringComparison.Ordinal);
    }

    private static string SliceByCodePoints(string text, int start, int end)
    {
        int[] codePoints = [.. text.EnumerateRunes().Select(r => r.Value)];
        return string.Concat(codePoints[start..end].Select(char.ConvertFromUtf32));
    }
}
