using System.Globalization;

namespace StructuredChat.Emulator;

/// <summary><c>dotnet run --project src/Emulator -- [--port N] [--api-key KEY] [--rpm N] [--timing fast|realistic|instant] [--quiet]</c></summary>
internal static class Program
{
    internal const string Usage = """
        usage: StructuredChat.Emulator [--port N] [--api-key KEY] [--rpm N] [--timing fast|realistic|instant] [--quiet]

        A local emulator of Parallel's Chat API (POST /chat/completions, /v1beta/chat/completions) and
        Responses API (POST /v1/responses) on 127.0.0.1.

          --port N          TCP port (default: 0, a free port)
          --api-key KEY     the key to accept (default: a random one, printed at start)
          --rpm N           requests per minute per key and endpoint; 0 or less turns the limit off (default: 300)
          --timing T        fast (default), realistic (Parallel's latencies) or instant
          --quiet           no line per request
          -h, --help        show this help
        """;

    private static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        if (!TryParse(args, out var options, out var quiet, out var help, out var error))
        {
            await errors.WriteLineAsync(error);
            await errors.WriteLineAsync(Usage);
            return 2;
        }

        if (help)
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        await using var emulator = await ParallelEmulator.StartAsync(options, handleConsoleSignals: true, log: quiet ? null : output.WriteLine, CancellationToken.None);
        await output.WriteLineAsync($"Parallel Chat API emulator listening on {emulator.BaseUrl.GetLeftPart(UriPartial.Authority)} (POST /chat/completions, /v1beta/chat/completions, /v1/responses)");
        await output.WriteLineAsync(options.ApiKey is null ? $"API key: {emulator.ApiKey}" : "API key: as given with --api-key");
        await output.WriteLineAsync("Press Ctrl+C to stop.");
        await emulator.WaitForShutdownAsync();
        return 0;
    }

    internal static bool TryParse(string[] args, out ParallelEmulatorOptions options, out bool quiet, out bool help, out string? error)
    {
        options = new();
        quiet = false;
        help = false;
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--quiet")
            {
                quiet = true;
                continue;
            }

            if (name is "-h" or "--help")
            {
                help = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name}: missing value";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    options.Port = port;
                    break;
                case "--api-key" when value.Length > 0:
                    options.ApiKey = value;
                    break;
                case "--rpm" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var rpm):
                    options.RequestsPerMinute = rpm;
                    break;
                case "--timing" when value is "fast" or "realistic" or "instant":
                    options.Timing = value switch
                    {
                        "fast" => EmulatorTimingProfile.Fast,
                        "realistic" => EmulatorTimingProfile.Realistic,
                        _ => EmulatorTimingProfile.Instant,
                    };
                    break;
                default:
                    error = $"unknown option or bad value: {name} {value}";
                    return false;
            }
        }

        return true;
    }
}
