using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StructuredChat.Emulator.Tests;

/// <summary>Requests to and readings of <c>POST /v1/responses</c>, written from parallel-responses-api.md, not from the emulator.</summary>
internal static class Responses
{
    public const string Path = "v1/responses";

    public static JsonObject Body(string input = "What is the capital and population of Iceland?", string? schema = null, bool stream = false, string? effort = null) =>
        new()
        {
            ["model"] = "parallel",
            ["input"] = input,
            ["stream"] = stream,
            ["reasoning"] = effort is null ? null : new JsonObject { ["effort"] = effort },
            ["text"] = schema is null ? null : new JsonObject
            {
                ["format"] = new JsonObject { ["type"] = "json_schema", ["name"] = "answer", ["strict"] = true, ["schema"] = JsonNode.Parse(schema) },
            },
        };

    public static async Task<(int Status, JsonElement Json, string Text)> SendAsync(this Wire wire, JsonNode body, string? fault = null)
    {
        var (status, text, _) = await wire.SendAsync(body.ToJsonString(), fault, Path);
        using var json = JsonDocument.Parse(text);
        return (status, json.RootElement.Clone(), text);
    }

    /// <summary>A non-streaming response that must be 200.</summary>
    public static async Task<JsonElement> CreateAsync(this Wire wire, JsonNode body)
    {
        var (status, json, text) = await wire.SendAsync(body);
        Assert.True(status == 200, $"expected 200, got {status}: {text}");
        return json;
    }

    /// <summary>The events of a stream that must be 200: (event name, data), comments skipped, <c>[DONE]</c> kept as data.</summary>
    public static async Task<List<(string? Name, string Data)>> StreamAsync(this Wire wire, JsonNode body, string? fault = null)
    {
        var (status, text, response) = await wire.SendAsync(body.ToJsonString(), fault, Path);
        Assert.True(status == 200, $"expected 200, got {status}: {text}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return Events(text);
    }

    public static List<(string? Name, string Data)> Events(string stream) =>
        [.. stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Where(lines => lines.Any(l => l.StartsWith("data: ", StringComparison.Ordinal)))
            .Select(lines => (
                lines.FirstOrDefault(l => l.StartsWith("event: ", StringComparison.Ordinal))?["event: ".Length..],
                string.Concat(lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]))))];

    /// <summary>The output text as openai-python computes it: every <c>output_text</c> part of every <c>message</c> item, joined.</summary>
    public static string OutputText(JsonElement response) => string.Concat(
        response.GetProperty("output").EnumerateArray()
            .Where(item => item.GetProperty("type").GetString() == "message")
            .SelectMany(item => item.GetProperty("content").EnumerateArray())
            .Where(part => part.GetProperty("type").GetString() == "output_text")
            .Select(part => part.GetProperty("text").GetString()));

    public static List<JsonElement> Annotations(JsonElement response) =>
        [.. response.GetProperty("output").EnumerateArray()
            .Where(item => item.GetProperty("type").GetString() == "message")
            .SelectMany(item => item.GetProperty("content").EnumerateArray())
            .SelectMany(part => part.GetProperty("annotations").EnumerateArray())];

    /// <summary><c>text[start, end)</c> counting code points, the unit the emulator documents (Python's <c>str</c> indexes).</summary>
    public static string Span(string text, int start, int end)
    {
        var runes = text.EnumerateRunes().ToArray();
        Assert.InRange(start, 0, runes.Length);
        Assert.InRange(end, start, runes.Length);
        return string.Concat(runes[start..end].Select(r => r.ToString()));
    }

    /// <summary>
    /// Every scalar value of a JSON answer as the text holds it (a string without quotes, as escaped in the text; a number
    /// or boolean as written), found by scanning the text with System.Text.Json's reader.
    /// </summary>
    public static List<string> ScalarValuesAsWritten(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        var values = new List<string>();
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False && reader.ValueSpan.Length > 0)
            {
                values.Add(Encoding.UTF8.GetString(reader.ValueSpan));
            }
        }

        return values;
    }

    /// <summary>Asserts each citation covers exactly one whole scalar value of the JSON text, a string's without its quotes, and every value is cited.</summary>
    public static void AssertCitationsSitOnValues(string text, IEnumerable<(int Start, int End)> spans)
    {
        var values = ScalarValuesAsWritten(text);
        var covered = new List<string>();
        foreach (var (start, end) in spans)
        {
            var cited = Span(text, start, end);
            Assert.Contains(cited, values);
            var runes = text.EnumerateRunes().ToArray();
            var quoted = start > 0 && runes[start - 1].Value == '"';
            Assert.True(!quoted || (end < runes.Length && runes[end].Value == '"'), $"[{start}, {end}) = '{cited}' covers part of a string");
            Assert.True(quoted || start == 0 || runes[start - 1].Value is ':' or ',' or '[' or ' ', $"[{start}, {end}) = '{cited}' does not start at a value");
            covered.Add(cited);
        }

        Assert.Empty(values.Except(covered));
    }
}
