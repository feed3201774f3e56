using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StructuredChat;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What <c>AddParallelChatClient</c> returns: registers more around the <see cref="ParallelChatClient"/>.</summary>
public sealed class ParallelChatClientBuilder
{
    internal ParallelChatClientBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection the client is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Also registers the client as the singleton <see cref="IChatClient"/> (<see cref="ParallelChatClient.AsIChatClient"/>),
    /// unless one is registered already. For a pipeline (cache, logging, OpenTelemetry), register it with
    /// Microsoft.Extensions.AI's <c>AddChatClient</c> instead:
    /// <c>services.AddChatClient(sp =&gt; sp.GetRequiredService&lt;ParallelChatClient&gt;().AsIChatClient()).UseDistributedCache()</c>.
    /// </summary>
    /// <returns>This builder.</returns>
    public ParallelChatClientBuilder AddIChatClient()
    {
        Services.TryAddSingleton(static provider => provider.GetRequiredService<ParallelChatClient>().AsIChatClient());
        return this;
    }
}
