using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StructuredChat;
using StructuredChat.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="ParallelChatClient"/> with dependency injection, configured from configuration.</summary>
public static class ParallelServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="ParallelChatClient"/> whose <see cref="ParallelChatClientOptions"/> are read
    /// from the <c>Parallel</c> section of the registered <see cref="IConfiguration"/>, then changed by
    /// <paramref name="configure"/>; requests go through <see cref="IHttpClientFactory"/> and are logged to the
    /// registered <see cref="ILoggerFactory"/>. The options are validated when the host starts.
    /// </summary>
    /// <remarks>
    /// <para>Keys of the section (all optional): <c>ApiKey</c>, <c>BaseUrl</c>, <c>DefaultModel</c>,
    /// <c>RequestsPerMinute</c>, <c>StallTimeout</c>, <c>DefaultFirstTokenTimeout</c> (time spans as
    /// <c>hh:mm:ss</c>), <c>FirstTokenTimeouts:{model}</c>, <c>HttpClientName</c> and <c>Retry:MaxRetries</c>,
    /// <c>Retry:InitialDelay</c>, <c>Retry:MaxDelay</c>, <c>Retry:HonorRetryAfter</c>, <c>Retry:MaxRetryAfter</c>.
    /// Without <c>ApiKey</c>, the environment variable <c>PARALLEL_API_KEY</c> is used.</para>
    /// <para>The HTTP client named <c>StructuredChat</c> is registered with no <see cref="HttpClient.Timeout"/> (the
    /// client enforces its own) and without following redirects, so the key is never sent to another host. Configure
    /// it further with <c>services.AddHttpClient("StructuredChat")</c>.</para>
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the options after configuration has been read; <see langword="null"/> for none.</param>
    /// <returns>A builder to register the client as an <c>IChatClient</c> too (<see cref="ParallelChatClientBuilder.AddIChatClient"/>).</returns>
    public static ParallelChatClientBuilder AddParallelChatClient(this IServiceCollection services, Action<ParallelChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ParallelChatClientOptions>()
            .Configure<IServiceProvider>(static (options, provider) =>
            {
                if (provider.GetService<IConfiguration>() is { } configuration)
                {
                    ParallelConfiguration.Apply(configuration.GetSection(ParallelConfiguration.DefaultSectionName), options);
                }
            });
        return AddCore(services, ParallelConfiguration.DefaultSectionName, configure);
    }

    /// <summary>
    /// Registers a singleton <see cref="ParallelChatClient"/> whose <see cref="ParallelChatClientOptions"/> are read
    /// from <paramref name="configuration"/> (for example <c>builder.Configuration.GetSection("Research:Parallel")</c>),
    /// then changed by <paramref name="configure"/>. Otherwise as <see cref="AddParallelChatClient(IServiceCollection, Action{ParallelChatClientOptions}?)"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <c>ApiKey</c>, <c>BaseUrl</c>, <c>DefaultModel</c> and the other keys.</param>
    /// <param name="configure">Changes the options after configuration has been read; <see langword="null"/> for none.</param>
    /// <returns>A builder to register the client as an <c>IChatClient</c> too (<see cref="ParallelChatClientBuilder.AddIChatClient"/>).</returns>
    public static ParallelChatClientBuilder AddParallelChatClient(this IServiceCollection services, IConfiguration configuration, Action<ParallelChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ParallelChatClientOptions>().Configure(options => ParallelConfiguration.Apply(configuration, options));
        return AddCore(services, ParallelConfiguration.PathOf(configuration), configure);
    }

    private static ParallelChatClientBuilder AddCore(IServiceCollection services, string sectionPath, Action<ParallelChatClientOptions>? configure)
    {
        OptionsBuilder<ParallelChatClientOptions> options = services.AddOptions<ParallelChatClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // After every Configure: what the application set itself wins over what the container offers.
        options.PostConfigure<IServiceProvider>(static (options, provider) =>
        {
            if (options.HttpClient is null)
            {
                options.HttpClientFactory ??= provider.GetRequiredService<IHttpClientFactory>();
            }

            options.Logger ??= provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(ParallelChatClient).FullName!);
        });
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ParallelChatClientOptions>>(new ParallelChatClientOptionsValidator(sectionPath)));

        services.AddHttpClient(new ParallelChatClientOptions().HttpClientName)
            .ConfigureHttpClient(static http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });

        services.TryAddSingleton(static provider => new ParallelChatClient(provider.GetRequiredService<IOptions<ParallelChatClientOptions>>().Value));
        return new ParallelChatClientBuilder(services);
    }
}
