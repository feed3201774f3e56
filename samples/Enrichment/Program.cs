using System.Diagnostics;
using System.Threading.RateLimiting;
using Enrichment;
using Samples.Shared;
using StructuredChat;
using StructuredChat.Emulator;

const string Usage = """
    Enriches 25 company names concurrently into typed facts with the lite model, under a client-side rate limit,
    and writes one JSON line per company (facts and research basis, or the error). A failed row does not stop
    the batch: it is reported, and written with its error.

    Each row is appended to the file and flushed the moment it completes, so a crash or Ctrl+C loses no answer
    already paid for; run the same command again and it skips the companies already in the file. (A failed row
    counts as done: delete its line to try it again.)

    usage: dotnet run --project samples/Enrichment -- [--out FILE] [--rpm N]

      --out FILE   where to write the JSON Lines (default: enrichment.jsonl)
      --rpm N      requests per minute allowed by the client (default: 300, Parallel's limit per key)
      -h, --help   show this help

    With PARALLEL_API_KEY set it asks the Parallel API; without it the bundled emulator answers, two rows are
    scripted to fail, and the rate limit is scaled down to 10 requests per 2-second window so it shows (unless
    --rpm is given, which then holds as a limit per minute).
    """;

string[] companies =
[
    "Parallel Web Systems", "Stripe", "Databricks", "Figma", "Notion Labs", "Canva", "Klarna", "Revolut",
    "Initech", "Spotify", "Shopify", "Atlassian", "GitLab", "HashiCorp", "Hooli", "Mistral AI", "DeepL",
    "Celonis", "Personio", "N26", "Adyen", "Mollie", "Bolt", "Wise", "Monzo",
];

var outPath = "enrichment.jsonl";
int? requestsPerMinute = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        case "--out" when i + 1 < args.Length:
            outPath = args[++i];
            break;
        case "--rpm" when i + 1 < args.Length && int.TryParse(args[i + 1], out var rpm) && rpm > 0:
            requestsPerMinute = rpm;
            i++;
            break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete option '{args[i]}'. Run with --help for usage.");
            return 2;
    }
}

using var file = OpenOrReport(outPath);
if (file is null)
{
    return 1;
}

using var ctrlC = new CtrlC();
var todo = companies.Where(c => !file.Written.Contains(c)).ToArray();
try
{
    await using var backend = await Backend.StartAsync(new ParallelEmulatorOptions(), ctrlC.Token);
    Console.WriteLine(backend.Description);
    Console.WriteLine(file.Written.Count == 0
        ? $"Each row is appended to {outPath} as it completes; if the run stops, run it again to do only the rest."
        : $"Skipped {file.Written.Count} rows already in {outPath} from an earlier run ({file.FailedBefore} of them failed); {todo.Length} to go.");
    if (todo.Length == 0)
    {
        Console.WriteLine("Nothing left to do.");
        return 0;
    }

    // Against the emulator, a minute of 10 requests is compressed into 2 seconds, so the queueing shows in seconds.
    var (permits, window) = backend.Emulator is null || requestsPerMinute is not null
        ? (requestsPerMinute ?? 300, TimeSpan.FromMinutes(1))
        : (10, TimeSpan.FromSeconds(2));
    if (backend.Emulator is { } emulator)
    {
        emulator.Enqueue(r => r.Prompt.Contains("Initech"), ScriptedResponse.WithFault(EmulatorFault.ProseInsteadOfJson));
        emulator.Enqueue(r => r.Prompt.Contains("Hooli"), ScriptedResponse.WithFault(EmulatorFault.FastApiDetailList));
        Console.WriteLine("The emulator is scripted to fail 2 rows (Initech: prose instead of JSON; Hooli: HTTP 422).");
    }

    using var limiter = new RecordingRateLimiter(new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    }));
    var options = backend.ClientOptions;
    options.RateLimiter = limiter;
    options.DefaultModel = ParallelModel.Lite;
    using var client = new ParallelChatClient(options);

    Console.WriteLine($"Enriching {todo.Length} companies at once with the lite model; client-side limit: {permits} requests per {Describe(window)}.");
    Console.WriteLine();

    var clock = Stopwatch.StartNew();
    var progress = Progress.ForConsole(todo.Length, limiter);
    var rows = await Task.WhenAll(todo.Select(async company =>
    {
        EnrichedRow row;
        try
        {
            var response = await client.AskAsync<CompanyFacts>($"Firmographic facts about the company {company}.", cancellationToken: ctrlC.Token);
            row = EnrichedRow.Enriched(company, response);
        }
        catch (ParallelException e)
        {
            // One failed row does not stop the batch.
            row = EnrichedRow.Failed(company, e);
        }

        file.Append(row);
        progress.RowDone(row.Error is null);
        return row;
    }));
    progress.Finish();

    Console.WriteLine();
    foreach (var row in rows)
    {
        Console.WriteLine(row.Facts is { } f
            ? $"  {row.Company,-22} {f.Industry} · {f.Headquarters} · founded {f.FoundedYear?.ToString() ?? "?"} · {row.Basis!.Count} basis entries"
            : $"  {row.Company,-22} FAILED: {row.Error}");
    }

    Console.WriteLine();
    var waves = Waves(limiter.Grants, window);
    Console.WriteLine($"Rate limit respected: {limiter.Grants.Count} permits granted in {waves.Count} waves of {string.Join(", ", waves)}, one window apart (limit {permits}).");
    Console.WriteLine($"{rows.Count(r => r.Error is null)} enriched, {rows.Count(r => r.Error is not null)} failed; written to {outPath} in {clock.Elapsed.TotalSeconds:0.0} s.");
    if (file.Written.Count > 0)
    {
        Console.WriteLine($"{outPath} now holds {file.Written.Count + rows.Length} rows.");
    }

    return 0;
}
catch (OperationCanceledException) when (ctrlC.Token.IsCancellationRequested)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine($"Cancelled. The rows done so far are in {outPath}; run the same command again to do the rest.");
    return CtrlC.ExitCode;
}

static RowFile? OpenOrReport(string path)
{
    try
    {
        return RowFile.Open(path);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
    {
        Console.Error.WriteLine(e.Message);
        return null;
    }
}

static string Describe(TimeSpan window) => window == TimeSpan.FromMinutes(1) ? "minute" : $"{window.TotalSeconds:0} s window";

// Permits granted close together (less than half a window apart) form one wave.
static List<int> Waves(IReadOnlyList<TimeSpan> grants, TimeSpan window)
{
    var waves = new List<int>();
    for (var i = 0; i < grants.Count; i++)
    {
        if (i == 0 || grants[i] - grants[i - 1] > window / 2)
        {
            waves.Add(0);
        }

        waves[^1]++;
    }

    return waves;
}
