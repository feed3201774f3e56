using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StructuredChat.Emulator;

namespace StructuredChat.Extensions.AI.Tests;

/// <summary>Typed calls through a Microsoft.Extensions.AI pipeline (<see cref="ChatClientBuilder"/>) with its middleware.</summary>
public sealed class PipelineTests
{
    [Fact]
    public async Task A_cached_second_call_returns_the_same_typed_value_without_a_request_whole_and_streamed()
    {
        await using var emulator = await ParallelEmulator.StartAsync(new ParallelEmulatorOptions { FinishReason = "stop" }, TestContext.Current.CancellationToken);
        using IChatClient pipeline = new ChatClientBuilder(OpenAIChatClients.Create(emulator, "lite"))
            .UseDistributedCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())))
            .UseLogging(NullLoggerFactory.Instance)
            .Build();

        TypedChatResponse<Company> first = await pipeline.AskAsync<Company>("Tell me about Contoso.", cancellationToken: Deadline.After());
        TypedChatResponse<Company> second = await pipeline.AskAsync<Company>("Tell me about Contoso.", cancellationToken: Deadline.After());
        Company? firstStreamed = await LastValueAsync(pipeline);
        Company? secondStreamed = await LastValueAsync(pipeline);

        Assert.True(first.Value.Equals(second.Value), $"{Company.Json(first.Value)}\n{Company.Json(second.Value)}");
        Assert.True(firstStreamed!.Equals(secondStreamed), $"{Company.Json(firstStreamed)}\n{Company.Json(secondStreamed!)}");
        Assert.Equal(2, emulator.RequestCount);   // one whole, one streamed: the repeats came from the cache
    }

    private static async Task<Company?> LastValueAsync(IChatClient client)
    {
        Company? value = null;
        await foreach (var update in client.StreamAsync<Company>("Tell me about Contoso.", cancellationToken: Deadline.After()))
        {
            value = update.Value ?? value;
        }

        return value;
    }
}
