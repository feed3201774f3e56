using System.Text.Json;
using StructuredChat.Emulator;
using static StructuredChat.Client.Tests.EmulatorClients;

namespace StructuredChat.Client.Tests;

/// <summary>The Responses API (<c>/v1/responses</c>) through the same client and types, against the emulator over loopback.</summary>
public sealed class ResponsesEmulatorTests
{
    /// <summary>The typed value against the answer's own text, read independently with <see cref="JsonDocument"/>.</summary>
    internal static void AssertMatchesText(CompanyInfo value, string content)
    {
        using JsonDocument document = JsonDocument.Parse(content);
        JsonElement root = document.RootElement;
        Assert.Equal(root.GetProperty("name").GetString(), value.Name);
        Assert.Equal(root.GetProperty("founded").GetString(), value.Founded);
        Assert.Equal(
            root.GetProperty("founders").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("role").GetString())),
            value.Founders.Select(f => ((string?)f.Name, (string?)f.Role)));
    }

    [Fact]
    public async Task A_typed_answer_goes_to_v1_responses_with_the_schema_under_text_format_and_the_effort_tier()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        using ParallelChatClient client = ClientOf(emulator);

        ParallelResponse<CompanyInfo> r = await client.AskAsync<CompanyInfo>("Who founded Parallel Web Systems?", ParallelModel.Responses(ParallelResearchEffort.Low)).Within();

        EmulatorRequest sent = emulator.Requests.Single();
        Assert.Equal("/v1/responses", sent.Path);
        Assert.Equal("parallel", sent.Model);
        Assert.Equal("low", sent.ReasoningEffort);
        Assert.Equal("json_schema", sent.ResponseFormatType);
        Assert.Equal(CompanyInfo.JsonSchemaName, sent.SchemaName);
        Assert.True(sent.SentBearerToken && sent.SentApiKeyHeader);
        AssertMatchesText(r.Value, r.Content);
        Assert.StartsWith("resp_", r.InteractionId, StringComparison.Ordinal);
        Assert.Equal(r.InteractionId, r.ResponsesDetails!.Id);
        Assert.Equal("completed", r.ResponsesDetails.Status);
    }

    [Fact]
    public async Task The_search_trail_usage_and_echoed_metadata_are_typed_on_the_answer()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        using ParallelChatClient client = ClientOf(emulator);
        var request = new ParallelChatRequest("Who founded Parallel Web Systems?")
        {
            Model = ParallelModel.Responses(),
            Metadata = { ["row"] = "42", ["batch"] = "b7" },
        };

        ParallelResponse<CompanyInfo> r = await client.AskAsync<CompanyInfo>(request).Within();

        ParallelResponsesDetails details = r.ResponsesDetails!;
        Assert.NotEmpty(details.SearchTrail);
        Assert.All(details.SearchTrail, step => Assert.True(
            (step.ActionType == "search" && !string.IsNullOrEmpty(step.Query) && step.Queries.Count > 0)
            || (step.ActionType == "open_page" && Uri.IsWellFormedUriString(step.Url, UriKind.Absolute)),
            $"{step.ActionType} {step.Query} {step.Url}"));
        Assert.Equal("42", details.Metadata["row"]);
        Assert.Equal("b7", details.Metadata["batch"]);
        Assert.Equal(new Dictionary<string, string> { ["row"] = "42", ["batch"] = "b7" }, emulator.Requests.Single().Metadata);
        Assert.NotNull(details.Usage);
        Assert.Equal(details.Usage!.InputTokens + details.Usage.OutputTokens, details.Usage.TotalTokens);
        Assert.Null(emulator.Requests.Single().ReasoningEffort);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Streaming_with_one_delta_or_token_deltas_gives_partials_and_the_same_value_as_the_text(bool tokenDeltas)
    {
        await using ParallelEmulator emulator = await StartEmulator(o => o.ResponsesTokenDeltas = tokenDeltas);
        using ParallelChatClient client = ClientOf(emulator);

        List<ParallelStreamUpdate<CompanyInfo>> updates = await client.StreamAsync<CompanyInfo>("Who founded Parallel Web Systems?", ParallelModel.Responses(ParallelResearchEffort.High)).ToListAsync().Within();

        ParallelStreamUpdate<CompanyInfo> last = updates[^1];
        Assert.True(last.IsComplete);
        AssertMatchesText(last.Value!, last.Response!.Content);
        Assert.True(emulator.Requests.Single().Stream);
        Assert.Equal("high", emulator.Requests.Single().ReasoningEffort);

        // One delta after research gives the whole object in one update; token deltas give many.
        int partials = updates.Count(u => !u.IsComplete);
        Assert.True(tokenDeltas ? partials > 3 : partials == 1, $"{partials} partial updates");
        Assert.NotEmpty(last.Response.ResponsesDetails!.SearchTrail);
    }

    [Fact]
    public async Task Text_answers_whole_and_streamed_carry_the_citations_and_a_follow_up_sends_previous_response_id()
    {
        await using ParallelEmulator emulator = await StartEmulator(o => o.ResponsesTokenDeltas = true);
        using ParallelChatClient client = ClientOf(emulator, configure: o => o.DefaultModel = ParallelModel.Responses(ParallelResearchEffort.Medium));
        var first = await client.AskAsync(new ParallelChatRequest("When was Parallel Web Systems founded?") { SystemPrompt = "Answer in one sentence." }).Within();

        List<ParallelTextStreamUpdate> second = await client.StreamAsync(new ParallelChatRequest("And by whom?") { PreviousInteractionId = first.InteractionId }).ToListAsync().Within();

        Assert.False(string.IsNullOrWhiteSpace(first.Text));
        Assert.NotEmpty(first.ResponsesDetails!.Citations);
        Assert.All(first.ResponsesDetails.Citations, c => Assert.InRange(c.EndIndex, c.StartIndex + 1, first.Text.Length));
        Assert.Equal(first.ResponsesDetails.Citations.Select(c => c.Url), first.BasisEntries.Single().Citations.Select(c => c.Url));
        Assert.Null(first.BasisEntries.Single().Reasoning);
        Assert.Equal("Answer in one sentence.", emulator.Requests[0].Instructions);
        Assert.Equal("medium", emulator.Requests[0].ReasoningEffort);
        Assert.Equal(first.InteractionId, emulator.Requests[1].PreviousResponseId);
        Assert.Equal(string.Concat(second.Select(u => u.Delta)), second[^1].Text);
        Assert.True(second.Count > 2);
        Assert.NotNull(second[^1].ResponsesDetails);
    }

    [Fact]
    public async Task A_conversation_is_sent_as_input_items_and_an_unknown_previous_response_id_is_refused()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        using ParallelChatClient client = ClientOf(emulator);
        var conversation = new ParallelChatRequest
        {
            Model = ParallelModel.Responses(),
            Messages = { ParallelChatMessage.User("Who founded Parallel?"), ParallelChatMessage.Assistant("Parag Agrawal."), ParallelChatMessage.User("When?") },
        };

        ParallelTextResponse answer = await client.AskAsync(conversation).Within();
        var e = await Clients.FailsWith<ParallelInvalidRequestException>(() =>
            client.AskAsync(new ParallelChatRequest("More?") { Model = ParallelModel.Responses(), PreviousInteractionId = "resp_unknown" }));

        Assert.False(string.IsNullOrWhiteSpace(answer.Text));
        Assert.Equal(["user", "assistant", "user"], emulator.Requests[0].Messages.Select(m => m.Role));
        Assert.Equal(400, e.StatusCode);
        Assert.Contains("resp_unknown", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("429", false)]
    [InlineData("503", true)]
    [InlineData("openai-error=500", false)]
    public async Task A_transient_fault_before_the_answer_is_retried(string fault, bool stream)
    {
        await using ParallelEmulator emulator = await StartEmulator();
        EnqueueFault(emulator, fault);
        using ParallelChatClient client = ClientOf(emulator, configure: o => o.Retry = new ParallelRetryOptions { InitialDelay = TimeSpan.Zero });

        string text = stream
            ? (await client.StreamAsync("q", ParallelModel.Responses()).ToListAsync().Within())[^1].Text!
            : (await client.AskAsync("q", ParallelModel.Responses()).Within()).Text;

        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.Equal(2, emulator.Requests.Count);
    }

    [Fact]
    public async Task A_failed_response_mid_stream_is_a_server_error_with_the_servers_message()
    {
        await using ParallelEmulator emulator = await StartEmulator(o => o.ResponsesTokenDeltas = true);
        EnqueueFault(emulator, "stream-error");
        using ParallelChatClient client = ClientOf(emulator);

        var e = await Clients.FailsWith<ParallelServerException>(() => client.StreamAsync<CompanyInfo>("q", ParallelModel.Responses()).ToListAsync());

        Assert.Contains("failed", e.Message, StringComparison.Ordinal);
        Assert.Equal("server_error", e.Error.ErrorCode);
        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task A_malformed_event_is_a_format_error_that_keeps_the_event()
    {
        await using ParallelEmulator emulator = await StartEmulator(o => o.ResponsesTokenDeltas = true);
        EnqueueFault(emulator, "malformed-chunk");
        using ParallelChatClient client = ClientOf(emulator);

        var e = await Clients.FailsWith<ParallelResponseFormatException>(() => client.StreamAsync<CompanyInfo>("q", ParallelModel.Responses()).ToListAsync());

        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"delta\":\"tru", e.RawText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rejections_of_the_wire_doc_are_invalid_request_errors_with_the_documented_message()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        using ParallelChatClient client = ClientOf(emulator);

        var empty = await Clients.FailsWith<ParallelInvalidRequestException>(() => client.AskAsync("", ParallelModel.Responses()));
        var noUser = await Clients.FailsWith<ParallelInvalidRequestException>(() =>
            client.AskAsync(new ParallelChatRequest { Model = ParallelModel.Responses(), Messages = { ParallelChatMessage.System("Be brief.") } }));

        Assert.Contains("input must not be empty.", empty.Message, StringComparison.Ordinal);
        Assert.Contains("input must contain at least one user message.", noUser.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_is_refused_before_sending_on_the_chat_api_and_past_the_documented_limits()
    {
        await using ParallelEmulator emulator = await StartEmulator();
        using ParallelChatClient client = ClientOf(emulator);
        var chat = new ParallelChatRequest("q") { Model = ParallelModel.Base, Metadata = { ["row"] = "1" } };
        var tooMany = new ParallelChatRequest("q") { Model = ParallelModel.Responses() };
        for (int i = 0; i < 17; i++)
        {
            tooMany.Metadata["k" + i] = "v";
        }

        var onChat = await Assert.ThrowsAsync<ArgumentException>(() => client.AskAsync(chat));
        var overLimit = await Assert.ThrowsAsync<ArgumentException>(() => client.AskAsync(tooMany));
        var longValue = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.AskAsync(new ParallelChatRequest("q") { Model = ParallelModel.Responses(), Metadata = { ["k"] = new string('v', 513) } }));

        Assert.Contains("Responses API", onChat.Message, StringComparison.Ordinal);
        Assert.Contains("17 keys", overLimit.Message, StringComparison.Ordinal);
        Assert.Contains("512", longValue.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }
}
