using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using StructuredChat.Streaming;

namespace StructuredChat.Extensions.AI.Tests;

/// <summary><c>AskAsync&lt;T&gt;</c> and <c>StreamAsync&lt;T&gt;</c> over any <see cref="IChatClient"/>, with a scripted client.</summary>
public sealed class TypedChatClientTests
{
    // Escapes, non-ASCII, a surrogate pair, nested objects, every scalar kind and an explicit null.
    private const string Json = """
        {"name":"Zoë \"Ztrong\" Ltd \uD83D\uDE80 \\ 東京","employees":1234,"size":"Medium","founded":"2019-04-01",
         "people":[{"name":"Ana Ñuñez","role":"CEO"},{"name":"Bo 🚀","role":null}],"tags":["a\nb","","ω"],"public":true,"revenue":-12.5e3}
        """;

    private static readonly Company Expected = Company.Parse(Json);

    [Fact]
    public async Task A_stream_split_at_every_position_gives_System_Text_Json_s_value()
    {
        for (var split = 0; split <= Json.Length; split++)
        {
            var client = ScriptedChatClient.Texts([Json[..split], Json[split..]]);

            TypedChatResponseUpdate<Company> last = default;
            await foreach (var update in client.StreamAsync<Company>("Tell me about Zoë.", cancellationToken: Deadline.After()))
            {
                last = update;
            }

            Assert.True(last.IsComplete, $"split at {split}: no last update");
            Assert.True(Expected.Equals(last.Value), $"split at {split}: {Company.Json(last.Value!)}");
            Assert.Equal(Json, last.Response!.Text);
        }
    }

    [Fact]
    public async Task One_character_per_update_gives_monotone_partials_and_System_Text_Json_s_value()
    {
        var client = ScriptedChatClient.Texts(Json.Select(c => c.ToString()));
        var seen = new Snapshot();
        var paths = new HashSet<string>();
        var names = new HashSet<string>();
        TypedChatResponseUpdate<Company> last = default;

        await foreach (var update in client.StreamAsync<Company>("Tell me about Zoë.", cancellationToken: Deadline.After()))
        {
            seen = seen.Advance(update.Partial, Expected);
            names.Add(seen.Name);
            paths.UnionWith(update.Changes.Select(c => c.Path));
            last = update;
        }

        Assert.True(Expected.Equals(last.Value));
        Assert.True(names.Count > 20, $"the name was seen at only {names.Count} lengths: {string.Join(" | ", names)}");
        Assert.Superset(new HashSet<string> { "name", "employees", "size", "founded", "people.0.name", "people.1.role", "tags.2", "public", "revenue" }, paths);
        Assert.Equal(ChatFinishReason.Stop, last.Response!.Response.FinishReason);
        Assert.Equal("scripted", last.Response.Response.ModelId);
    }

    [Fact]
    public async Task AskAsync_reads_the_whole_answer_and_sends_the_generated_schema_as_the_response_format()
    {
        var client = ScriptedChatClient.Texts(["```json\n", Json, "\n```"]);
        var options = new ChatOptions { ModelId = "my-model", Temperature = 0.25f };

        TypedChatResponse<Company> answer = await client.AskAsync<Company>("Tell me about Zoë.", options, Deadline.After());

        Assert.True(Expected.Equals(answer.Value));
        Assert.Equal("```json\n" + Json + "\n```", answer.Text);
        var sent = Assert.Single(client.Calls)!;
        Assert.Equal("my-model", sent.ModelId);
        Assert.Equal(0.25f, sent.Temperature);
        var format = Assert.IsType<ChatResponseFormatJson>(sent.ResponseFormat);
        Assert.Equal("company", format.SchemaName);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Company.JsonSchema), JsonNode.Parse(format.Schema!.Value.GetRawText())));
        Assert.Null(options.ResponseFormat);   // the caller's options are not changed
    }

    [Fact]
    public async Task Options_that_already_have_a_response_format_are_refused()
    {
        var client = ScriptedChatClient.Texts([Json]);
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.Json };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.AskAsync<Company>("Hi", options, Deadline.After()));

        Assert.Contains("ResponseFormat", error.Message, StringComparison.Ordinal);
        Assert.Empty(client.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Prose_instead_of_JSON_is_a_format_error_that_keeps_the_text(bool stream)
    {
        const string prose = "I could not find that company.";
        var client = ScriptedChatClient.Texts(["I could not ", "find that company."]);

        var error = await Assert.ThrowsAsync<ParallelResponseFormatException>(() => Run(client, stream));

        Assert.Equal(prose, error.RawText);
        Assert.Contains("no JSON object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_JSON_fails_while_streaming_with_the_text_so_far()
    {
        var client = ScriptedChatClient.Texts(["""{"name":"Contoso","employees":""", "12x", "3}"]);
        var partialNames = new List<string>();

        var error = await Assert.ThrowsAsync<ParallelResponseFormatException>(async () =>
        {
            await foreach (var update in client.StreamAsync<Company>("Hi", cancellationToken: Deadline.After()))
            {
                partialNames.Add($"{update.Partial.Name}");
            }
        });

        Assert.Contains("Contoso", partialNames);
        Assert.Equal("""{"name":"Contoso","employees":12x""", error.RawText);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_cut_off_by_the_token_limit_says_so(bool stream)
    {
        var client = ScriptedChatClient.Texts([Json[..40]], ChatFinishReason.Length);

        var error = await Assert.ThrowsAsync<ParallelResponseFormatException>(() => Run(client, stream));

        Assert.Contains("cut off", error.Message, StringComparison.Ordinal);
        Assert.Equal(Json[..40], error.RawText);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refusal_is_a_refusal_error_with_the_model_s_words(bool stream)
    {
        var client = new ScriptedChatClient([new ErrorContent("I can't help with that.") { ErrorCode = "Refusal" }]);

        var error = await Assert.ThrowsAsync<ParallelRefusalException>(() => Run(client, stream));

        Assert.Equal("I can't help with that.", error.Refusal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_its_path()
    {
        var client = ScriptedChatClient.Texts([Json.Replace("\"employees\":1234", "\"employees\":\"many\"", StringComparison.Ordinal)]);

        var error = await Assert.ThrowsAsync<ParallelResponseFormatException>(() => client.AskAsync<Company>("Hi", cancellationToken: Deadline.After()));

        Assert.Equal("employees", error.JsonPath);
    }

    private static async Task Run(IChatClient client, bool stream)
    {
        if (!stream)
        {
            await client.AskAsync<Company>("Hi", cancellationToken: Deadline.After());
            return;
        }

        await foreach (var _ in client.StreamAsync<Company>("Hi", cancellationToken: Deadline.After()))
        {
        }
    }

    /// <summary>What a user saw of the partial so far; each step must extend the previous one toward the final value.</summary>
    private sealed record Snapshot(string Name = "", int People = 0, int Tags = 0)
    {
        public Snapshot Advance(Partial<Company> partial, Company final)
        {
            var name = Text(partial.Name);
            Assert.StartsWith(Name, name, StringComparison.Ordinal);
            Assert.StartsWith(name, final.Name, StringComparison.Ordinal);
            ScalarIsAbsentOrFinal(partial.Employees, final.Employees);
            ScalarIsAbsentOrFinal(partial.Size, final.Size);
            ScalarIsAbsentOrFinal(partial.Founded, final.Founded);
            ScalarIsAbsentOrFinal(partial.Public, final.Public);
            ScalarIsAbsentOrFinal(partial.Revenue, final.Revenue);

            var people = partial.People?.Count ?? 0;
            Assert.InRange(people, People, final.People.Count);
            for (var i = 0; i < people; i++)
            {
                Assert.StartsWith(Text(partial.People![i].Name), final.People[i].Name, StringComparison.Ordinal);
            }

            var tags = partial.Tags?.Count ?? 0;
            Assert.InRange(tags, Tags, final.Tags.Count);
            for (var i = 0; i < tags; i++)
            {
                Assert.StartsWith(Text(partial.Tags![i]), final.Tags[i], StringComparison.Ordinal);
            }

            return new Snapshot(name, people, tags);
        }

        // Interpolation reads a string view and a plain string alike.
        private static string Text<TText>(TText value) => string.Create(CultureInfo.InvariantCulture, $"{value}");

        private static void ScalarIsAbsentOrFinal<TValue>(TValue? shown, object? final)
        {
            var text = Text(shown);
            Assert.True(text.Length == 0 || text == Text(final), $"shown {text}, final {Text(final)}");
        }
    }
}
