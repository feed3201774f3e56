using System.Text.Json;

namespace StructuredChat.Emulator.Tests;

/// <summary>Endpoints, auth and the request rules other than the schema's.</summary>
public sealed class RequestTests
{
    [Theory]
    [InlineData("chat/completions")]
    [InlineData("v1beta/chat/completions")]
    public async Task Both_documented_paths_answer(string path)
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        var (status, _, _) = await wire.SendAsync(Wire.Body(), path: path);

        Assert.Equal(200, status);
        Assert.Equal("/" + path, emulator.Requests.Single().Path);
    }

    [Fact]
    public async Task The_x_api_key_header_alone_is_accepted()
    {
        await using var emulator = await Emulators.StartAsync(new() { ApiKey = "my-key", Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        var response = await wire.PostAsync(Wire.Body(), bearer: null, apiKeyHeader: "my-key");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(emulator.Requests.Single().SentApiKeyHeader);
        Assert.False(emulator.Requests.Single().SentBearerToken);
    }

    [Theory]
    [InlineData(null, null, "Missing API key")]
    [InlineData("wrong", null, "Invalid API key")]
    [InlineData(null, "wrong", "Invalid API key")]
    public async Task A_missing_or_wrong_key_gets_401_with_Parallels_error_body(string? bearer, string? apiKeyHeader, string message)
    {
        await using var emulator = await Emulators.StartAsync(new() { ApiKey = "secret-key-123" });
        using var wire = new Wire(emulator);

        var response = await wire.PostAsync(Wire.Body(), bearer: bearer, apiKeyHeader: apiKeyHeader);
        var body = await response.Content.ReadAsStringAsync(wire.Deadline);

        Assert.Equal(401, (int)response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.StartsWith(message, json.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("error").GetProperty("detail").ValueKind);
        Assert.DoesNotContain("secret-key-123", body);
    }

    [Fact]
    public async Task A_random_key_is_made_when_none_is_given()
    {
        await using var one = await Emulators.StartAsync();
        await using var two = await Emulators.StartAsync();

        Assert.True(one.ApiKey.Length >= 16);
        Assert.NotEqual(one.ApiKey, two.ApiKey);
        Assert.Equal("127.0.0.1", one.BaseUrl.Host);
        Assert.NotEqual(one.BaseUrl.Port, two.BaseUrl.Port);
    }

    public static TheoryData<string, string, string> BadRequests() => new()
    {
        { """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", "unknown_model", "$.model" },
        { """{"messages":[{"role":"user","content":"hi"}]}""", "model", "$.model" },
        { """{"model":"base","messages":[]}""", "messages", "$.messages" },
        { """{"model":"base","messages":[{"role":"tool","content":"hi"}]}""", "message_role", "$.messages[0].role" },
        { """{"model":"base","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""", "message_content", "$.messages[0].content" },
        { """{"model":"base","messages":[{"role":"user","content":"hi"}],"stream":"yes"}""", "stream", "$.stream" },
        { """{"model":"base","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"xml"}}""", "response_format_type", "$.response_format.type" },
        { """{"model":"base","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema"}}""", "json_schema", "$.response_format.json_schema" },
        { """{"model":"base","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"has space","schema":{"type":"object","properties":{}}}}}""", "json_schema_name", "$.response_format.json_schema.name" },
        { """{"model":"base","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"n","schema":{"type":"object","properties":{}}}},"previous_interaction_id":42}""", "previous_interaction_id", "$.previous_interaction_id" },
        { "not json", "body", "$" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task An_invalid_request_gets_422_naming_the_rule_and_path(string body, string rule, string path)
    {
        await using var emulator = await Emulators.StartAsync();
        using var wire = new Wire(emulator);

        var (status, text, _) = await wire.SendAsync(body);

        Assert.Equal(422, status);
        using var json = JsonDocument.Parse(text);
        Assert.Contains(json.RootElement.GetProperty("error").GetProperty("detail").GetProperty("errors").EnumerateArray(),
            e => e.GetProperty("rule").GetString() == rule && e.GetProperty("path").GetString() == path);
    }

    [Fact]
    public async Task An_unknown_model_is_refused_with_a_message_that_lists_the_models()
    {
        await using var emulator = await Emulators.StartAsync();
        using var wire = new Wire(emulator);

        var (_, text, _) = await wire.SendAsync("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Contains("Unknown model 'gpt-4o'", text);
        Assert.Contains("speed, lite, base, core", text);
    }

    [Fact]
    public async Task A_schema_name_longer_than_64_characters_is_refused()
    {
        await using var emulator = await Emulators.StartAsync();
        using var wire = new Wire(emulator);
        var body = Wire.Body(schema: """{"type":"object","properties":{}}""").Replace("\"name\":\"answer\"", $"\"name\":\"{new string('a', 65)}\"", StringComparison.Ordinal);

        var (status, text, _) = await wire.SendAsync(body);

        Assert.Equal(422, status);
        Assert.Contains("json_schema_name", text);
    }

    [Fact]
    public async Task Unknown_OpenAI_fields_and_a_previous_interaction_id_are_accepted_and_recorded()
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        var (status, _, _) = await wire.SendAsync("""
            {"model":"lite","messages":[{"role":"user","content":"and then?"}],"temperature":0.2,"n":1,"previous_interaction_id":"int_abc"}
            """);

        Assert.Equal(200, status);
        Assert.Equal("int_abc", emulator.Requests.Single().PreviousInteractionId);
        Assert.Equal("and then?", emulator.Requests.Single().Prompt);
    }

    [Fact]
    public async Task Other_paths_get_404_with_Parallels_error_body()
    {
        await using var emulator = await Emulators.StartAsync();
        using var wire = new Wire(emulator);

        var (status, text, _) = await wire.SendAsync(Wire.Body(), path: "v1/completions");

        Assert.Equal(404, status);
        Assert.Contains("\"type\":\"error\"", text);
        Assert.Equal(0, emulator.RequestCount);
    }
}
