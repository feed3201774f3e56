using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.RegularExpressions;
using StructuredChat.Samples.Tests.Infrastructure;

namespace StructuredChat.Samples.Tests;

/// <summary>
/// samples/WebResearch over HTTP, as the page uses it: the built app on a free loopback port (its own emulator, no
/// key), the page, and the event stream of one question read with the framework's SSE parser.
/// </summary>
public sealed partial class WebResearchTests : IAsyncLifetime
{
    private static readonly string[] s_fields = ["name", "founded", "headquarters", "employees", "people", "summary"];

    private ProgramRun? _app;
    private HttpClient? _http;

    public async ValueTask InitializeAsync()
    {
        _app = ProgramRun.Start(Repo.SampleDll("WebResearch"), ["--urls", "http://127.0.0.1:0"]);
        await _app.WaitForLineAsync(line => line.StartsWith("Listening on http://127.0.0.1:", StringComparison.Ordinal));
        var url = ListeningUrl().Match(_app.Stdout).Groups["url"].Value;
        _http = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = ProgramRun.Deadline };
    }

    public ValueTask DisposeAsync()
    {
        _http?.Dispose();
        _app?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_page_has_the_form_the_card_and_the_event_stream_client()
    {
        var page = await _http!.GetStringAsync("", TestContext.Current.CancellationToken);

        Assert.Contains("<form id=\"ask\">", page, StringComparison.Ordinal);
        Assert.All(s_fields, id => Assert.Contains($"<dd id=\"{id}\"", page, StringComparison.Ordinal));
        Assert.Contains("new EventSource(`research?company=", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_event_stream_carries_growing_cards_and_ends_with_the_typed_card_and_its_basis()
    {
        var events = await ReadEventsAsync("research?company=Contoso");

        Assert.Equal("complete", events[^1].EventType);
        var cards = events[..^1];
        Assert.True(cards.Length >= 3, $"only {cards.Length} partial cards before the answer");
        Assert.All(cards, e => Assert.Equal("card", e.EventType));

        // Strings grow: each card's text of a field extends the previous one's, up to the final value.
        var final = events[^1].Data.RootElement.GetProperty("fields");
        foreach (var field in new[] { "name", "headquarters", "summary" })
        {
            var seen = cards.Select(c => c.Data.RootElement.GetProperty("fields").GetProperty(field))
                .Where(f => f.TryGetProperty("value", out _)).Select(f => f.GetProperty("value").GetString()!).ToList();
            Assert.NotEmpty(seen);
            var finalValue = final.GetProperty(field).GetProperty("value").GetString()!;
            Assert.All(seen.Zip(seen.Skip(1).Append(finalValue)), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
        }

        Assert.Contains(cards, c => !c.Data.RootElement.GetProperty("fields").GetProperty("summary").TryGetProperty("value", out _));
        Assert.All(s_fields, id =>
        {
            var field = final.GetProperty(id);
            Assert.False(string.IsNullOrEmpty(field.GetProperty("value").GetString()), $"{id} has no final value");
            Assert.True(field.TryGetProperty("confidence", out _), $"{id} has no confidence");
            Assert.All(field.GetProperty("citations").EnumerateArray(), c => Assert.StartsWith("https://", c.GetProperty("url").GetString(), StringComparison.Ordinal));
        });
        Assert.Contains(s_fields, id => final.GetProperty(id).GetProperty("citations").GetArrayLength() > 0);
    }

    [Fact]
    public async Task An_unknown_model_ends_the_stream_with_one_failure_event_that_says_why()
    {
        var events = await ReadEventsAsync("research?company=Contoso&model=turbo");

        var failure = Assert.Single(events);
        Assert.Equal("failure", failure.EventType);
        Assert.Contains("turbo", failure.Data.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<SseItem<JsonDocument>[]> ReadEventsAsync(string path)
    {
        using var response = await _http!.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        var events = new List<SseItem<JsonDocument>>();
        await foreach (var item in SseParser.Create(body, (type, data) => JsonDocument.Parse(data.ToArray())).EnumerateAsync(TestContext.Current.CancellationToken))
        {
            events.Add(item);
        }

        return [.. events];
    }

    [GeneratedRegex(@"Listening on (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningUrl();
}
