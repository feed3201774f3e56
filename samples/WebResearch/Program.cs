using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Samples.Shared;
using StructuredChat;
using StructuredChat.Emulator;
using WebResearch;

// One page: ask about a company and watch a typed card fill in, field by field, as the answer streams
// (server-sent events from StreamAsync<CompanyCard>), then each field's confidence and citations.
// Without PARALLEL_API_KEY the bundled emulator answers on 127.0.0.1; with it, the Parallel API.
var builder = WebApplication.CreateSlimBuilder(args);
if (builder.Configuration["urls"] is null && Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is null)
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

// The emulator's pace in chunks per second (Emulator:TokensPerSecond, e.g. --Emulator:TokensPerSecond=15 to watch slowly).
double tokensPerSecond = double.TryParse(builder.Configuration["Emulator:TokensPerSecond"], CultureInfo.InvariantCulture, out double pace) ? pace : 60;
await using var backend = await Backend.StartAsync(new ParallelEmulatorOptions { Timing = Pacing.Visible(tokensPerSecond) }, CancellationToken.None);
using var client = new ParallelChatClient(backend.ClientOptions);

var app = builder.Build();
app.MapGet("/", () => Results.Stream(Page.Open(), "text/html; charset=utf-8"));
app.MapGet("/research", (string company, string? model, CancellationToken cancellationToken) =>
    TypedResults.ServerSentEvents(Research(client, company, model, cancellationToken)));

await app.StartAsync();
Console.WriteLine(backend.Description);
Console.WriteLine($"Listening on {string.Join(", ", app.Urls)}");
await app.WaitForShutdownAsync();

// The event stream of one question: "card" events with the growing card, then one "complete" event with the
// validated card and its basis, or one "failure" event. The page closes the stream after either.
static async IAsyncEnumerable<SseItem<string>> Research(
    ParallelChatClient client, string company, string? model, [EnumeratorCancellation] CancellationToken cancellationToken)
{
    string question = $"Give a short profile of the company {company}.";
    var updates = client.StreamAsync<CompanyCard>(question, new ParallelModel(model ?? "lite"), cancellationToken);
    await using var enumerator = updates.GetAsyncEnumerator(cancellationToken);
    while (true)
    {
        SseItem<string> item;
        try
        {
            if (!await enumerator.MoveNextAsync())
            {
                yield break;
            }

            var update = enumerator.Current;
            item = update.Response is { } response
                ? new(JsonSerializer.Serialize(CardEvents.FromResponse(response), CardJsonContext.Default.CardEvent), "complete")
                : new(JsonSerializer.Serialize(CardEvents.FromPartial(update.Partial), CardJsonContext.Default.CardEvent), "card");
        }
        catch (ParallelException e)
        {
            // A typed failure of the call (an HTTP error, a timeout, an answer that is not the card): say it on the page.
            item = new(JsonSerializer.Serialize(new CardError(e.Message), CardJsonContext.Default.CardError), "failure");
        }

        yield return item;
        if (item.EventType != "card")
        {
            yield break;
        }
    }
}

/// <summary>The page, embedded in the assembly.</summary>
internal static class Page
{
    public static Stream Open() => typeof(Page).Assembly.GetManifestResourceStream("index.html")!;
}

/// <summary>Emulator timing that lets the card visibly fill in: at 60 chunks a second the answer takes a few seconds.</summary>
internal static class Pacing
{
    public static EmulatorTimingProfile Visible(double tokensPerSecond) => new()
    {
        Speed = new(TimeSpan.FromMilliseconds(300), tokensPerSecond),
        Lite = new(TimeSpan.FromMilliseconds(500), tokensPerSecond),
        Base = new(TimeSpan.FromMilliseconds(800), tokensPerSecond),
        Core = new(TimeSpan.FromMilliseconds(1200), tokensPerSecond),
    };
}
