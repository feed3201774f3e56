using StructuredChat;
using StructuredChat.Emulator;

namespace Samples.Shared;

/// <summary>
/// Where a sample's questions go: the real Parallel API when <c>PARALLEL_API_KEY</c> is set (and
/// <c>PARALLEL_BASE_URL</c>, if set), otherwise the bundled emulator, started in-process on 127.0.0.1.
/// </summary>
internal sealed class Backend : IAsyncDisposable
{
    private Backend(ParallelEmulator? emulator, ParallelChatClientOptions clientOptions)
    {
        Emulator = emulator;
        ClientOptions = clientOptions;
    }

    /// <summary>The in-process emulator, or <see langword="null"/> when talking to the real API.</summary>
    public ParallelEmulator? Emulator { get; }

    /// <summary>Options pointing a <see cref="ParallelChatClient"/> at this backend.</summary>
    public ParallelChatClientOptions ClientOptions { get; }

    /// <summary>One line saying where the answers come from.</summary>
    public string Description => Emulator is null
        ? "Asking the Parallel API (PARALLEL_API_KEY is set)."
        : "No PARALLEL_API_KEY set: the bundled emulator answers, with synthetic data, on 127.0.0.1.";

    public static async Task<Backend> StartAsync(ParallelEmulatorOptions emulatorOptions, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("PARALLEL_API_KEY")))
        {
            // The client reads PARALLEL_API_KEY and PARALLEL_BASE_URL itself.
            return new Backend(null, new ParallelChatClientOptions());
        }

        var emulator = await ParallelEmulator.StartAsync(emulatorOptions, cancellationToken);
        return new Backend(emulator, new ParallelChatClientOptions { BaseUrl = emulator.BaseUrl, ApiKey = emulator.ApiKey });
    }

    public async ValueTask DisposeAsync()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }
}
