using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace StructuredChat.Extensions.AI.Tests;

/// <summary>A real generic host (default builder: appsettings.json, environment variables, logging) in a folder of its own.</summary>
internal sealed class AppHost : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("structuredchat-host-").FullName;

    /// <summary>Writes <paramref name="appsettingsJson"/> as the host's appsettings.json and builds the host.</summary>
    public IHost Build(string appsettingsJson, Action<HostApplicationBuilder> register)
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), appsettingsJson);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = _folder,
            EnvironmentName = Environments.Production,
            Args = [],
        });
        register(builder);
        return builder.Build();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>Counts the requests that went through the HTTP client it is added to.</summary>
internal sealed class CountingHandler(StrongBox<int> count) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count.Value);
        return base.SendAsync(request, cancellationToken);
    }
}
