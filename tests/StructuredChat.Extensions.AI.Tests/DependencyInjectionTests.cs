using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StructuredChat.Emulator;

namespace StructuredChat.Extensions.AI.Tests;

/// <summary><c>AddParallelChatClient</c> in a real host configured by an appsettings.json.</summary>
public sealed class DependencyInjectionTests : IDisposable
{
    private const string Secret = "sk-test-DO-NOT-ECHO-0123456789";

    private readonly AppHost _app = new();

    public void Dispose() => _app.Dispose();

    private static string AppSettings(JsonObject parallel, string section = "Parallel") =>
        new JsonObject { [section] = parallel }.ToJsonString();

    [Fact]
    public async Task The_client_is_configured_from_the_Parallel_section_and_asks_through_the_HTTP_client_factory()
    {
        await using var emulator = await ParallelEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var requests = new StrongBox<int>();
        using IHost host = _app.Build(
            AppSettings(new JsonObject
            {
                ["ApiKey"] = emulator.ApiKey,
                ["BaseUrl"] = emulator.BaseUrl.ToString(),
                ["DefaultModel"] = "lite",
                ["RequestsPerMinute"] = 7,
                ["StallTimeout"] = "00:00:20",
                ["DefaultFirstTokenTimeout"] = "00:00:45",
                ["FirstTokenTimeouts"] = new JsonObject { ["lite"] = "00:00:30" },
                ["CallDeadlines"] = new JsonObject { ["core"] = "00:20:00" },
                ["MaxAnswerBytes"] = 1048576,
                ["Retry"] = new JsonObject { ["MaxRetries"] = 1 },
            }),
            builder =>
            {
                builder.Services.AddParallelChatClient();
                builder.Services.AddHttpClient("StructuredChat").AddHttpMessageHandler(() => new CountingHandler(requests));
            });
        await host.StartAsync(Deadline.After());

        ParallelChatClient client = host.Services.GetRequiredService<ParallelChatClient>();
        ParallelResponse<Company> answer = await client.AskAsync<Company>("Tell me about Contoso.", cancellationToken: Deadline.After());

        Assert.False(string.IsNullOrEmpty(answer.Value.Name));
        Assert.Equal("lite", Assert.Single(emulator.Requests).Model);
        Assert.Equal(1, requests.Value);
        Assert.Same(client, host.Services.GetRequiredService<ParallelChatClient>());
        ParallelChatClientOptions options = host.Services.GetRequiredService<IOptions<ParallelChatClientOptions>>().Value;
        Assert.Equal(7, options.RequestsPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(20), options.StallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), options.DefaultFirstTokenTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.FirstTokenTimeouts["lite"]);
        Assert.Equal(TimeSpan.FromMinutes(10), options.FirstTokenTimeouts["core"]);   // keys not in the file keep their defaults
        Assert.Equal(TimeSpan.FromMinutes(20), options.CallDeadlines["core"]);
        Assert.Equal(1048576, options.MaxAnswerBytes);
        Assert.Equal(1, options.Retry.MaxRetries);
        Assert.NotNull(options.Logger);
        await host.StopAsync(Deadline.After());
    }

    [Fact]
    public async Task A_missing_key_fails_the_start_and_says_where_it_was_looked_for()
    {
        using var _ = new EnvironmentVariableRemoved("PARALLEL_API_KEY");
        using IHost host = _app.Build(
            AppSettings(new JsonObject { ["DefaultModel"] = "base" }),
            builder => builder.Services.AddParallelChatClient());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Deadline.After()));

        Assert.Contains("No Parallel API key", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Parallel:ApiKey'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Parallel__ApiKey'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'PARALLEL_API_KEY'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_section_of_your_own_is_read_and_code_configuration_wins_over_it()
    {
        using IHost host = _app.Build(
            AppSettings(new JsonObject { ["ApiKey"] = Secret, ["DefaultModel"] = "lite", ["StallTimeout"] = "00:01:00" }, section: "Research"),
            builder => builder.Services.AddParallelChatClient(builder.Configuration.GetSection("Research"), options => options.DefaultModel = ParallelModel.Core));
        await host.StartAsync(Deadline.After());

        ParallelChatClientOptions options = host.Services.GetRequiredService<IOptions<ParallelChatClientOptions>>().Value;

        Assert.Equal(Secret, options.ApiKey);
        Assert.Equal(ParallelModel.Core, options.DefaultModel);
        Assert.Equal(TimeSpan.FromMinutes(1), options.StallTimeout);
        await host.StopAsync(Deadline.After());
    }

    [Fact]
    public async Task Invalid_settings_fail_the_start_naming_each_key_and_never_the_key_s_value()
    {
        using IHost host = _app.Build(
            AppSettings(new JsonObject
            {
                ["ApiKey"] = Secret,
                ["BaseUrl"] = $"http://user:{Secret}@api.example.com",
                ["StallTimeout"] = "-00:00:01",
                ["FirstTokenTimeouts"] = new JsonObject { ["core"] = "00:00:00" },
                ["MaxEventBytes"] = 0,
            }),
            builder => builder.Services.AddParallelChatClient());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Deadline.After()));

        Assert.Contains("'Parallel:BaseUrl' must be an absolute HTTPS URL without user info", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Parallel:StallTimeout' must be positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Parallel:FirstTokenTimeouts:core' must be positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Parallel:MaxEventBytes' must be positive", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BaseUrl", "not a url " + Secret)]
    [InlineData("RequestsPerMinute", Secret)]
    [InlineData("StallTimeout", Secret)]
    [InlineData("Retry:MaxDelay", Secret)]
    [InlineData("MaxResponseBytes", Secret)]
    [InlineData("CallDeadlines:core", Secret)]
    [InlineData("ResearchEffort", Secret)]
    public async Task An_unreadable_value_fails_the_start_naming_the_key_and_not_the_value(string name, string value)
    {
        var section = new JsonObject { ["ApiKey"] = "key" };
        var parent = section;
        var keys = name.Split(':');
        foreach (var key in keys[..^1])
        {
            parent = (JsonObject)(parent[key] = new JsonObject());
        }

        parent[keys[^1]] = value;
        using IHost host = _app.Build(
            AppSettings(section),
            builder => builder.Services.AddParallelChatClient());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(Deadline.After()));

        Assert.Contains("Parallel:" + name, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultModel_parallel_with_a_ResearchEffort_sends_default_calls_to_the_responses_api_at_that_tier()
    {
        await using var emulator = await ParallelEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using IHost host = _app.Build(
            AppSettings(new JsonObject { ["ApiKey"] = emulator.ApiKey, ["BaseUrl"] = emulator.BaseUrl.ToString(), ["DefaultModel"] = "parallel", ["ResearchEffort"] = "High" }),
            builder => builder.Services.AddParallelChatClient());
        using IHost wrong = _app.Build(
            AppSettings(new JsonObject { ["ApiKey"] = "key", ["DefaultModel"] = "base", ["ResearchEffort"] = "high" }),
            builder => builder.Services.AddParallelChatClient());
        await host.StartAsync(Deadline.After());

        ParallelChatClient client = host.Services.GetRequiredService<ParallelChatClient>();
        ParallelTextResponse answer = await client.AskAsync("Who founded Contoso?", cancellationToken: Deadline.After());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => wrong.StartAsync(Deadline.After()));

        EmulatorRequest request = Assert.Single(emulator.Requests);
        Assert.Equal(("/v1/responses", "high"), (request.Path, request.ReasoningEffort));
        Assert.NotNull(answer.ResponsesDetails);
        Assert.Contains("'Parallel:ResearchEffort' applies to the Responses API's model only", error.Message, StringComparison.Ordinal);
        await host.StopAsync(Deadline.After());
    }

    /// <summary>Removes an environment variable for the test's duration (the tests of this class run one at a time).</summary>
    private sealed class EnvironmentVariableRemoved : IDisposable
    {
        private readonly string _name;
        private readonly string? _value;

        public EnvironmentVariableRemoved(string name)
        {
            _name = name;
            _value = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, _value);
    }
}
