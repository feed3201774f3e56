using System.Globalization;

namespace StructuredChat.Emulator;

/// <summary><c>dotnet run --project src/Emulator -- [--port N] [--api-key KEY] [--rpm N] [--timing fast|realistic|instant] [--quiet]</c></summary>
internal static class Program
{
    private const string Usage = "usage: StructuredChat.Emulator [--port N] [--api-key KEY] [--rpm N] [--timing fast|realistic|instant] [--quiet]";

    private static async Task<int> Main(string[] args)
    {
        if (!TryParse(args, out var options, out var quiet, out var error))
        {
            await Console.Error.WriteLineAsync(error);
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        await using var emulator = await ParallelEmulator.StartAsync(options, handleConsoleSignals: true, log: quiet ? null : Console.WriteLine, CancellationToken.None);
        Console.WriteLine($"Parallel Chat API emulator listening on {emulator.BaseUrl.GetLeftPart(UriPartial.Authority)} (POST /chat/completions, /v1beta/chat/completions)");
        Console.WriteLine(options.ApiKey is null ? $"API key: {emulator.ApiKey}" : "API key: as given with --api-key");
        Console.WriteLine("Press Ctrl+C to stop.");
        await emulator.WaitForShutdownAsync();
        return 0;
    }

    internal static bool TryParse(string[] args, out ParallelEmulatorOptions options, out bool quiet, out string? error)
    {
        options = new();
        quiet = false;
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--quiet")
            {
                quiet = true;
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
