using System.Net;

namespace StructuredChat.Client.Tests;

public sealed class ResponseTests
{
    [Fact]
    public async Task A_whole_answer_gives_text_basis_and_interaction_id_and_ignores_unknown_fields()
    {
        string body = Clients.NonStreamingBody("San Francisco", ",\"usage\":null,\"new_field\":{\"x\":[1,2]}," + Clients.BasisJson)
            .Replace("\"finish_reason\":null", "\"finish_reason\":null,\"logprobs\":{\"deep\":[{}]}", StringComparison.Ordinal);
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.OK, body);
        using ParallelChatClient client = Clients.Create(handler);

        ParallelTextResponse answer = await client.AskAsync("q").Within();

        Assert.Equal("San Francisco", answer.Text);
        Assert.Equal("int_123", answer.InteractionId);
        Assert.Equal(["city", "temperature", "units"], answer.BasisEntries.Select(b => b.Field));
        FieldBasis city = answer.BasisEntries[0];
        Assert.Equal(BasisConfidence.High, city.Confidence);
        Citation citation = Assert.Single(city.Citations);
        Assert.Equal("https://example.com/sf", citation.Url);
        Assert.Equal("SF", citation.Title);
        Assert.Equal(["San Francisco"], citation.Excerpts);
        Assert.Equal(BasisConfidence.Other, answer.BasisEntries[1].Confidence);
        Assert.Equal("Very sure", answer.BasisEntries[1].ConfidenceText);
        Assert.Null(answer.BasisEntries[2].Confidence);
        Assert.Empty(answer.BasisEntries[2].Citations);
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task A_whole_answer_with_delta_instead_of_message_and_index_after_it_is_read()
    {
        const string body = """{"choices":[{"delta":{"content":"two"},"index":1},{"delta":{"content":"one \u00b0 \"q\""},"index":0}],"interaction_id":"int_9"}""";
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.OK, body);
        using ParallelChatClient client = Clients.Create(handler);

        ParallelTextResponse answer = await client.AskAsync("q").Within();

        Assert.Equal("one ° \"q\"", answer.Text);
        Assert.Equal("int_9", answer.InteractionId);
    }

    [Fact]
    public async Task A_server_that_streams_although_asked_not_to_is_read_as_a_stream()
    {
        var handler = new ScriptedHandler().EnqueueStream(Clients.Sse(["Hel", "lo"], "," + Clients.BasisJson));
        using ParallelChatClient client = Clients.Create(handler);

        ParallelTextResponse answer = await client.AskAsync("q").Within();

        Assert.Equal("Hello", answer.Text);
        Assert.Equal("int_123", answer.InteractionId);
        Assert.Equal(3, answer.BasisEntries.Count);
    }
}
