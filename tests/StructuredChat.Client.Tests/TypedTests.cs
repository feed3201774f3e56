using System.Net;
using System.Text;
using System.Text.Json;
using StructuredChat.Streaming;

namespace StructuredChat.Client.Tests;

public enum Units
{
    c,
    f,
}

[ParallelResponse]
public partial record Location(string City, double Temperature, Units Units);

[ParallelResponse]
public partial record CompanyInfo(string Name, string Founded, IReadOnlyList<Founder> Founders);

public record Founder(string Name, string Role);

public sealed class TypedTests
{
    private static readonly Location SanFrancisco = new("San Francisco", 61, Units.f);

    private static string SchemaOf<T>()
        where T : IParallelResponse<T> => Encoding.UTF8.GetString(T.JsonSchemaUtf8);

    private static string SchemaNameOf<T>()
        where T : IParallelResponse<T> => T.SchemaName;

    [Fact]
    public async Task The_recorded_location_stream_gives_a_growing_partial_and_the_typed_result_last()
    {
        var handler = new ScriptedHandler().EnqueueStream(RecordedStreams.Read("structured-location"), readSize: 5);
        using ParallelChatClient client = Clients.Create(handler);
        var cities = new List<string?>();
        var paths = new List<string>();
        ParallelStreamUpdate<Location> last = default;

        await foreach (ParallelStreamUpdate<Location> update in client.StreamAsync<Location>("Weather in SF?").WithCancellation(default))
        {
            cities.Add(update.Partial.City);
            paths.AddRange(update.Changes.Select(c => c.Path));
            last = update;
        }

        Assert.True(last.IsComplete);
        Assert.Equal(SanFrancisco, last.Value);
        Assert.Equal("""{"city":"San Francisco","temperature":61,"units":"f"}""", last.Response!.Content);
        Assert.Contains("San", cities);
        Assert.Contains("San Francisco", cities);
        Assert.Contains("temperature", paths);
        Assert.Empty(ResearchBasis.Entries(last.Basis!));
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task A_typed_request_sends_the_generated_schema_verbatim_as_a_strict_json_schema()
    {
        var handler = new ScriptedHandler().EnqueueStream(RecordedStreams.Read("structured-location"));
        using ParallelChatClient client = Clients.Create(handler);

        await client.StreamAsync<Location>("q", ParallelModel.Lite).ToListAsync().Within();

        string body = Assert.Single(handler.Requests).Body;
        Assert.Contains("\"schema\":" + SchemaOf<Location>(), body, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(body);
        JsonElement jsonSchema = document.RootElement.GetProperty("response_format").GetProperty("json_schema");
        Assert.Equal("json_schema", document.RootElement.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Equal(SchemaNameOf<Location>(), jsonSchema.GetProperty("name").GetString());
        Assert.True(jsonSchema.GetProperty("strict").GetBoolean());
        Assert.Equal("lite", document.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task The_recorded_max_tokens_stream_is_a_truncation_error_keeping_the_raw_text()
    {
        var handler = new ScriptedHandler().EnqueueStream(RecordedStreams.Read("structured-max-tokens"));
        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelResponseFormatException>(() => client.StreamAsync<Location>("q").ToListAsync());

        Assert.Equal("{\"", e.RawText);
        Assert.Contains("cut off", e.Message, StringComparison.Ordinal);
        Assert.True(handler.AllBodiesReleased);
    }

    [Fact]
    public async Task The_recorded_refusal_is_a_refusal_error_for_a_typed_stream_too()
    {
        var handler = new ScriptedHandler().EnqueueStream(RecordedStreams.Read("structured-refusal"));
        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelRefusalException>(() => client.StreamAsync<Location>("q").ToListAsync());

        Assert.Equal("I'm sorry, I can't assist with that request.", e.Refusal);
    }

    [Fact]
    public async Task The_recorded_three_choices_stream_gives_choice_0()
    {
        var handler = new ScriptedHandler().EnqueueStream(RecordedStreams.Read("structured-three-choices"));
        using ParallelChatClient client = Clients.Create(handler);

        List<ParallelStreamUpdate<Location>> updates = await client.StreamAsync<Location>("q").ToListAsync().Within();

        Assert.Equal(65, updates[^1].Value!.Temperature);
        Assert.Equal("San Francisco", updates[^1].Value!.City);
    }

    [Fact]
    public async Task A_whole_typed_answer_maps_its_basis_onto_the_properties_and_keeps_unmapped_entries()
    {
        const string basis = """
            ,"basis":[
              {"field":"founded","reasoning":"Registry.","confidence":"high","citations":[{"url":"https://registry.example/parallel","title":"Registry","excerpts":["Founded 2023"]}]},
              {"field":"founders.0","reasoning":"Team page.","confidence":"medium","citations":[]},
              {"field":"founders.0.name","reasoning":"Bio.","confidence":"low"},
              {"field":"headquarters","reasoning":"Not asked.","confidence":"low"}
            ],"interaction_id":"int_company"
            """;
        const string content = """{"name":"Parallel Web Systems","founded":"2023","founders":[{"name":"Parag Agrawal","role":"CEO"}]}""";
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.OK, Clients.NonStreamingBody(content, basis));
        using ParallelChatClient client = Clients.Create(handler);

        ParallelResponse<CompanyInfo> r = await client.AskAsync<CompanyInfo>("Who founded Parallel?", ParallelModel.Base).Within();

        Assert.Equal("Parallel Web Systems", r.Value.Name);
        Assert.Equal("Parag Agrawal", Assert.Single(r.Value.Founders).Name);
        Assert.Equal("https://registry.example/parallel", Assert.Single(r.Basis.Founded!.Citations).Url);
        Assert.Equal(BasisConfidence.Medium, r.Basis.Founders[0]?.Confidence);
        Assert.Null(r.Basis.Founders[1]);
        Assert.Equal("Bio.", r.Basis.Founders.Element(0).Name?.Reasoning);
        Assert.Equal("headquarters", Assert.Single(ResearchBasis.Unmapped(r.Basis)).Field);
        Assert.Equal(4, r.BasisEntries.Count);
        Assert.Equal("int_company", r.InteractionId);
        Assert.Equal(content, r.Content);
        using JsonDocument request = JsonDocument.Parse(Assert.Single(handler.Requests).Body);
        Assert.False(request.RootElement.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task An_answers_interaction_id_starts_a_follow_up()
    {
        var handler = new ScriptedHandler()
            .Enqueue(HttpStatusCode.OK, Clients.NonStreamingBody("""{"city":"Paris","temperature":12.5,"units":"c"}""", ",\"interaction_id\":\"int_first\""))
            .Enqueue(HttpStatusCode.OK, Clients.NonStreamingBody("""{"city":"Lyon","temperature":14,"units":"c"}"""));
        using ParallelChatClient client = Clients.Create(handler);

        ParallelResponse<Location> first = await client.AskAsync<Location>("Weather in Paris?").Within();
        ParallelResponse<Location> second = await client.AskAsync<Location>(new ParallelChatRequest("And Lyon?") { PreviousInteractionId = first.InteractionId }).Within();

        Assert.Equal(new Location("Paris", 12.5, Units.c), first.Value);
        Assert.Equal("Lyon", second.Value.City);
        using JsonDocument followUp = JsonDocument.Parse(handler.Requests.Last().Body);
        Assert.Equal("int_first", followUp.RootElement.GetProperty("previous_interaction_id").GetString());
    }

    [Fact]
    public async Task A_fenced_answer_from_speed_still_parses()
    {
        string content = "Here you go:\n```json\n{\"city\":\"Oslo\",\"temperature\":-3,\"units\":\"c\"}\n```";
        var handler = new ScriptedHandler().EnqueueStream(Clients.Sse(content.Chunk(4).Select(c => new string(c))));
        using ParallelChatClient client = Clients.Create(handler);

        List<ParallelStreamUpdate<Location>> updates = await client.StreamAsync<Location>("q", ParallelModel.Speed).ToListAsync().Within();

        Assert.Equal(new Location("Oslo", -3, Units.c), updates[^1].Value);
        Assert.Equal(content, updates[^1].Response!.Content);
    }

    [Fact]
    public async Task Prose_instead_of_JSON_is_a_format_error_keeping_the_prose()
    {
        const string prose = "I could not find the current weather in that city.";
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.OK, Clients.NonStreamingBody(prose));
        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelResponseFormatException>(() => client.AskAsync<Location>("q"));

        Assert.Equal(prose, e.RawText);
    }

    [Fact]
    public async Task JSON_of_the_wrong_shape_is_a_format_error_naming_the_path()
    {
        var handler = new ScriptedHandler().Enqueue(HttpStatusCode.OK, Clients.NonStreamingBody("""{"city":"Rome","temperature":"warm","units":"c"}"""));
        using ParallelChatClient client = Clients.Create(handler);

        var e = await Clients.FailsWith<ParallelResponseFormatException>(() => client.AskAsync<Location>("q"));

        Assert.Equal("temperature", e.JsonPath);
    }

    [Fact]
    public async Task A_typed_stream_dropped_after_updates_keeps_the_partial_raw_text_and_is_not_retried()
    {
        byte[] full = RecordedStreams.Read("structured-location");
        int afterSan = Encoding.UTF8.GetString(full).IndexOf("\"San\"", StringComparison.Ordinal) + 200;
        var handler = new ScriptedHandler()
            .EnqueueStream(new TrackedStream(full, 16) { FailAfter = afterSan })
            .EnqueueStream(full);
        using ParallelChatClient client = Clients.Create(handler);
        var seen = new List<string?>();

        var e = await Clients.FailsWith<ParallelStreamInterruptedException>(async () =>
        {
            await foreach (ParallelStreamUpdate<Location> u in client.StreamAsync<Location>("q"))
            {
                seen.Add(u.Partial.City);
            }
        });

        Assert.Contains("San", seen);
        Assert.StartsWith("{\"city\":\"San", e.PartialAnswer, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }
}
