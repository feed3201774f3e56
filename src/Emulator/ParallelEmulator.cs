using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StructuredChat.Emulator.Protocol;

namespace StructuredChat.Emulator;

/// <summary>
/// A local Parallel Chat API and Responses API: a real HTTP server (Kestrel on 127.0.0.1) that speaks the wire of
/// Parallel's <c>POST /chat/completions</c> (also at <c>/v1beta/chat/completions</c>) and <c>POST /v1/responses</c>,
/// for offline, deterministic tests and samples.
/// </summary>
/// <remarks>
/// <para>Auth: <c>Authorization: Bearer KEY</c> or <c>x-api-key: KEY</c>; otherwise 401 with Parallel's error body.</para>
/// <para>Validation: models <c>speed</c>, <c>lite</c>, <c>base</c>, <c>core</c>; string message content and roles
/// <c>system</c>/<c>user</c>/<c>assistant</c>; <c>response_format</c> of type <c>text</c>, <c>json_object</c> or
/// <c>json_schema</c> (name <c>[a-zA-Z0-9_-]{1,64}</c>) and every error rule of Parallel's schema rules. A broken
/// rule gets 422 with Parallel's error body; <c>error.detail.errors</c> lists each violation as
/// <c>{"rule","path","message"}</c>, the path a JSONPath from the request body's root. Schema rule names:
/// <c>root_object</c>, <c>bare_null</c>, <c>max_depth</c>, <c>max_properties</c>, <c>max_enum_values</c>,
/// <c>large_enum_chars</c>, <c>max_total_chars</c>, <c>rejected_keyword</c>; request rule names: <c>body</c>,
/// <c>model</c>, <c>unknown_model</c>, <c>messages</c>, <c>message_role</c>, <c>message_content</c>, <c>stream</c>,
/// <c>previous_interaction_id</c>, <c>response_format</c>, <c>response_format_type</c>, <c>json_schema</c>,
/// <c>json_schema_name</c>.</para>
/// <para>Answers: a <see cref="ScriptedResponse"/> when one is queued for the request, otherwise a deterministic
/// answer seeded by the messages and schema. Streams are <c>text/event-stream</c> with 2-8 byte chunks; the basis
/// (research models only) and <c>interaction_id</c> ride on the last chunk.</para>
/// <para>Responses API (<c>/v1/responses</c>): model <c>parallel</c>, <c>reasoning.effort</c>, string or message
/// input, <c>instructions</c>, <c>metadata</c>, <c>text.format</c> (a <c>json_schema</c> checked with the same schema
/// rules), <c>previous_response_id</c>; documented rejections as 400 with OpenAI's error envelope, malformed fields as
/// 422 with FastAPI's <c>detail</c> list; answers with a search trail and <c>url_citation</c> spans on the answer's
/// values, streamed in the documented event order (see the package README).</para>
/// <para>Rate limit: <see cref="ParallelEmulatorOptions.RequestsPerMinute"/> per key and endpoint in any 60 s, then 429 with no
/// <c>Retry-After</c>. Faults: see <see cref="EmulatorFault"/> for the <c>x-emulator-fault</c> header.</para>
/// </remarks>
public sealed class ParallelEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EndpointPipeline _endpoint;

    private ParallelEmulator(WebApplication app, EndpointPipeline endpoint, Uri baseUrl, string apiKey)
    {
        _app = app;
        _endpoint = endpoint;
        BaseUrl = baseUrl;
        ApiKey = apiKey;
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:54321</c>; clients POST to <c>{BaseUrl}/chat/completions</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The API key the emulator accepts.</summary>
    public string ApiKey { get; }

    /// <summary>How many requests reached the endpoints, accepted or not.</summary>
    public int RequestCount => _endpoint.RequestCount;

    /// <summary>A snapshot of the last <see cref="ParallelEmulatorOptions.RequestLogCapacity"/> requests that reached the endpoints, in arrival order.</summary>
    public IReadOnlyList<EmulatorRequest> Requests => _endpoint.Requests;

    /// <summary>How many scripted responses are still waiting for a request.</summary>
    public int PendingScriptedResponses => _endpoint.Scripts.Count;

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults (free port, random key, fast timing, 300 requests per minute).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<ParallelEmulator> StartAsync(ParallelEmulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options, handleConsoleSignals: false, log: null, cancellationToken);

    internal static async Task<ParallelEmulator> StartAsync(ParallelEmulatorOptions? options, bool handleConsoleSignals, Action<string>? log, CancellationToken cancellationToken)
    {
        options ??= new();
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentNullException.ThrowIfNull(options.Timing);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.RequestLogCapacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.StoredResponseCapacity);
        var apiKey = options.ApiKey ?? "emu_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();

        // The host application's appsettings.json and ASPNETCORE_* variables (Kestrel endpoints, URLs) are not ours.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        if (!handleConsoleSignals)
        {
            // In-process, Ctrl+C and SIGTERM belong to the host application, not to the emulator.
            builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        }

        var app = builder.Build();
        var endpoint = new EndpointPipeline(options, apiKey, log);
        var chat = endpoint.Handler(new ChatEndpoint(endpoint));
        app.MapPost("/chat/completions", chat);
        app.MapPost("/v1beta/chat/completions", chat);
        app.MapPost("/v1/responses", endpoint.Handler(new ResponsesEndpoint(endpoint)));
        app.MapFallback(NotFoundAsync);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ParallelEmulator(app, endpoint, new Uri(address), apiKey);
    }

    /// <summary>Answers the next request (that passes auth, the rate limit and validation) with <paramref name="response"/>.</summary>
    public void Enqueue(ScriptedResponse response) => _endpoint.Scripts.Add(null, response);

    /// <summary>Answers the next request that matches <paramref name="predicate"/> with <paramref name="response"/>; other requests pass it by.</summary>
    public void Enqueue(Func<EmulatorRequest, bool> predicate, ScriptedResponse response)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        _endpoint.Scripts.Add(predicate, response);
    }

    internal Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server and closes its connections.</summary>
    public async ValueTask DisposeAsync()
    {
        _endpoint.Shutdown();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
    }

    private static Task NotFoundAsync(HttpContext context)
    {
        var body = ErrorBodies.Parallel($"No route for {context.Request.Method} {context.Request.Path}; use POST /chat/completions, /v1beta/chat/completions or /v1/responses.");
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private sealed class PassiveHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
