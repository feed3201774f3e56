using StructuredChat.Emulator;

namespace StructuredChat.Client.Tests;

/// <summary>The emulator over real loopback sockets, and clients of it with one connection per server.</summary>
/// <remarks>
/// One connection per server (<see cref="SocketsHttpHandler.MaxConnectionsPerServer"/> = 1): a response the client
/// failed to release would block the next request, so a test that ends with a follow-up call proves no connection leaked.
/// </remarks>
internal static class EmulatorClients
{
    public static async Task<ParallelEmulator> StartEmulator(Action<ParallelEmulatorOptions>? configure = null)
    {
        var options = new ParallelEmulatorOptions { ApiKey = TestKeys.ApiKey, Timing = EmulatorTimingProfile.Instant };
        configure?.Invoke(options);
        return await ParallelEmulator.StartAsync(options).WaitAsync(Clients.Deadline);
    }

    public static ParallelChatClient ClientOf(ParallelEmulator emulator, TimeProvider? time = null, Action<ParallelChatClientOptions>? configure = null)
    {
        var options = new ParallelChatClientOptions
        {
            ApiKey = emulator.ApiKey,
            BaseUrl = emulator.BaseUrl,
            HttpClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { Timeout = Timeout.InfiniteTimeSpan },
            TimeProvider = time ?? new ManualTimeProvider(),
            Logger = TestKeys.Log,
        };
        configure?.Invoke(options);
        return new ParallelChatClient(options);
    }

    /// <summary>Queues the fault named in the <c>x-emulator-fault</c> header format for the next <paramref name="times"/> requests.</summary>
    public static void EnqueueFault(ParallelEmulator emulator, string fault, int times = 1)
    {
        Assert.True(EmulatorFault.TryParse(fault, out EmulatorFault? parsed), "unknown fault " + fault);
        for (int i = 0; i < times; i++)
        {
            emulator.Enqueue(ScriptedResponse.WithFault(parsed));
        }
    }
}
