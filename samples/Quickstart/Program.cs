using System.Diagnostics;
using Quickstart;
using Samples.Shared;
using StructuredChat;
using StructuredChat.Emulator;

const string DefaultQuestion = "Give a short profile of the company Parallel Web Systems.";
const string Usage = """
    Asks a typed research question and shows the answer arriving, field by field.

    usage: dotnet run --project samples/Quickstart -- [--model speed|lite|base|core] [question]
           dotnet run --project samples/Quickstart -- --api responses [--effort low|medium|high] [question]

      question        what to ask (default: "Give a short profile of the company Parallel Web Systems.")
      --model NAME    Chat API model: speed (no research basis), lite (the default), base or core
      --api NAME      chat (the default: a basis with reasoning and confidence per field) or
                      responses (the Responses API: citations anchored to each value, and the search trail)
      --effort TIER   the Responses API's research tier: low, medium (the server's default) or high
      -h, --help      show this help

    With PARALLEL_API_KEY set it asks the Parallel API (PARALLEL_BASE_URL overrides the address);
    without it, the bundled emulator answers with synthetic data.
    """;

if (!Arguments.TryParse(args, out var arguments, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine("Run with --help for usage.");
    return 2;
}

if (arguments.Help)
{
    Console.WriteLine(Usage);
    return 0;
}

using var ctrlC = new CtrlC();
try
{
    // The emulator paces its answer so the fields visibly fill in; the whole answer takes about two seconds.
    await using var backend = await Backend.StartAsync(new ParallelEmulatorOptions { Timing = Pacing.Visible }, ctrlC.Token);
    using var client = new ParallelChatClient(backend.ClientOptions);
    Console.WriteLine(backend.Description);
    Console.WriteLine($"Question: {arguments.Question ?? DefaultQuestion}");
    Console.WriteLine($"Model:    {arguments.Model}, {arguments.Model.Api} API");
    Console.WriteLine();

    var clock = Stopwatch.StartNew();
    var view = LiveView.ForConsole();
    ParallelResponse<CompanyProfile>? response = null;
    await foreach (var update in client.StreamAsync<CompanyProfile>(arguments.Question ?? DefaultQuestion, arguments.Model, ctrlC.Token))
    {
        view.Show(update.Partial, update.Changes);
        response = update.Response;
    }

    view.Finish();
    Console.WriteLine();
    Console.WriteLine($"Answer in {clock.Elapsed.TotalSeconds:0.0} s, with the research basis of each field:");
    ResultPrinter.Print(response!);
    return 0;
}
catch (OperationCanceledException) when (ctrlC.Token.IsCancellationRequested)
{
    LiveView.RestoreCursor();
    Console.Error.WriteLine();
    Console.Error.WriteLine("Cancelled.");
    return CtrlC.ExitCode;
}
catch (Exception e) when (e is ParallelException or ArgumentException)
{
    LiveView.RestoreCursor();
    Console.Error.WriteLine();
    Console.Error.WriteLine($"Failed: {e.Message}");
    return 1;
}

/// <summary>The command line.</summary>
internal sealed record Arguments(string? Question, ParallelModel Model, bool Help)
{
    public static bool TryParse(string[] args, out Arguments arguments, out string? error)
    {
        arguments = new(null, ParallelModel.Lite, false);
        error = null;
        string? chatModel = null;
        var api = ParallelApi.Chat;
        ParallelResearchEffort? effort = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help" or "-?":
                    arguments = arguments with { Help = true };
                    break;
                case "--model" when i + 1 < args.Length && args[i + 1] is "speed" or "lite" or "base" or "core":
                    chatModel = args[++i];
                    break;
                case "--model":
                    error = "--model needs one of: speed, lite, base, core.";
                    return false;
                case "--api" when i + 1 < args.Length && args[i + 1] is "chat" or "responses":
                    api = args[++i] == "chat" ? ParallelApi.Chat : ParallelApi.Responses;
                    break;
                case "--api":
                    error = "--api needs one of: chat, responses.";
                    return false;
                case "--effort" when i + 1 < args.Length && Enum.TryParse<ParallelResearchEffort>(args[i + 1], ignoreCase: true, out var tier) && !char.IsDigit(args[i + 1][0]):
                    effort = tier;
                    i++;
                    break;
                case "--effort":
                    error = "--effort needs one of: low, medium, high.";
                    return false;
                case var option when option.StartsWith('-'):
                    error = $"Unknown option '{option}'.";
                    return false;
                case var question when arguments.Question is null:
                    arguments = arguments with { Question = question };
                    break;
                default:
                    error = "Give the question as one argument (put it in quotes).";
                    return false;
            }
        }

        if (api == ParallelApi.Responses && chatModel is not null)
        {
            error = $"--model {chatModel} is a Chat API model; the Responses API has one model, whose tier is set with --effort.";
            return false;
        }

        if (api == ParallelApi.Chat && effort is not null)
        {
            error = "--effort applies to the Responses API only (add --api responses).";
            return false;
        }

        arguments = arguments with { Model = api == ParallelApi.Responses ? ParallelModel.Responses(effort) : chatModel ?? "lite" };
        return true;
    }
}

/// <summary>Emulator timing for a demo: slow enough to watch the fields fill in, fast enough to finish in seconds.</summary>
internal static class Pacing
{
    public static EmulatorTimingProfile Visible { get; } = new()
    {
        Speed = new(TimeSpan.FromMilliseconds(200), 200),
        Lite = new(TimeSpan.FromMilliseconds(500), 200),
        Base = new(TimeSpan.FromMilliseconds(800), 200),
        Core = new(TimeSpan.FromMilliseconds(1200), 200),
    };
}
