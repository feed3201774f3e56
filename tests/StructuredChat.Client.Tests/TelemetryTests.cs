using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StructuredChat.Emulator;

namespace StructuredChat.Client.Tests;

/// <summary>
/// What an OpenTelemetry user sees (the SDK's in-memory exporters subscribed to <see cref="ParallelTelemetry.Name"/>):
/// a client span per call and the GenAI client metrics, after the semantic conventions; no prompt or answer unless
/// opted in; never the key. Other tests run at the same time, so each test picks its own calls by the emulator's port.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private ParallelEmulator? _emulator;
    private TracerProvider? _tracing;
    private MeterProvider? _meters;

    public async ValueTask InitializeAsync()
    {
        _emulator = await ParallelEmulator.StartAsync(new ParallelEmulatorOptions { ApiKey = TestKeys.ApiKey, Timing = EmulatorTimingProfile.Instant })
            .WaitAsync(Clients.Deadline);
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(ParallelTelemetry.Name).AddInMemoryExporter(_spans).Build();
        _meters = Sdk.CreateMeterProviderBuilder().AddMeter(ParallelTelemetry.Name).AddInMemoryExporter(_metrics).Build();
    }

    public async ValueTask DisposeAsync()
    {
        _tracing?.Dispose();
        _meters?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    private int Port => _emulator!.BaseUrl.Port;

    private ParallelChatClient Client(bool sensitive = false) => new(new ParallelChatClientOptions
    {
        ApiKey = _emulator!.ApiKey,
        BaseUrl = _emulator.BaseUrl,
        Retry = new ParallelRetryOptions { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
        EnableSensitiveTelemetryData = sensitive,
    });

    private List<Activity> MySpans()
    {
        _tracing!.ForceFlush();
        lock (_spans)
        {
            return [.. _spans.Where(s => s.GetTagItem("server.port") is int port && port == Port)];
        }
    }

    private List<MetricPoint> MyPoints(string metric)
    {
        // Cumulative metrics: the latest export holds the totals, so read only that one.
        _metrics.Clear();
        _meters!.ForceFlush();
        var points = new List<MetricPoint>();
        foreach (Metric m in _metrics.Where(m => m.Name == metric))
        {
            foreach (ref readonly MetricPoint point in m.GetMetricPoints())
            {
                foreach (KeyValuePair<string, object?> tag in point.Tags)
                {
                    if (tag.Key == "server.port" && tag.Value is int port && port == Port)
                    {
                        points.Add(point);
                    }
                }
            }
        }

        return points;
    }

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    [Fact]
    public async Task A_streamed_typed_call_is_one_client_span_with_the_GenAI_attributes_and_its_time_to_first_chunk()
    {
        using ParallelChatClient client = Client();
        const string prompt = "What is the founding date of Parallel Web Systems?";

        List<ParallelStreamUpdate<CompanyInfo>> updates = await client.StreamAsync<CompanyInfo>(prompt, ParallelModel.Lite).ToListAsync().Within();

        Activity span = Assert.Single(MySpans());
        Assert.Equal("chat lite", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("parallel", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("lite", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("json", span.GetTagItem("gen_ai.output.type"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(updates[^1].InteractionId, span.GetTagItem("gen_ai.response.id"));
        Assert.IsType<double>(span.GetTagItem("gen_ai.response.time_to_first_chunk"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);

        // Not opted in: neither the prompt nor the answer is anywhere in the span; the key never is.
        string everything = string.Join("\n", span.TagObjects.Select(t => $"{t.Key}={t.Value}").Concat(span.Events.Select(e => e.Name)));
        Assert.DoesNotContain(prompt, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(updates[^1].Value!.Name, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.ApiKey, everything, StringComparison.Ordinal);

        MetricPoint duration = Assert.Single(MyPoints("gen_ai.client.operation.duration"));
        Assert.Equal(1, duration.GetHistogramCount());
        Assert.Equal("lite", Tags(duration)["gen_ai.request.model"]);
        Assert.Equal("chat", Tags(duration)["gen_ai.operation.name"]);
        Assert.False(Tags(duration).ContainsKey("error.type"));
        MetricPoint firstChunk = Assert.Single(MyPoints("gen_ai.client.operation.time_to_first_chunk"));
        Assert.Equal(1, firstChunk.GetHistogramCount());
        Assert.True(firstChunk.GetHistogramSum() <= duration.GetHistogramSum());
    }

    [Fact]
    public async Task A_whole_answer_records_its_duration_but_no_time_to_first_chunk()
    {
        using ParallelChatClient client = Client();

        await client.AskAsync("Say hello.", ParallelModel.Speed).Within();

        Activity span = Assert.Single(MySpans());
        Assert.Equal("chat speed", span.DisplayName);
        Assert.Equal("text", span.GetTagItem("gen_ai.output.type"));
        Assert.Null(span.GetTagItem("gen_ai.response.time_to_first_chunk"));
        Assert.Single(MyPoints("gen_ai.client.operation.duration"));
        Assert.Empty(MyPoints("gen_ai.client.operation.time_to_first_chunk"));
    }

    [Fact]
    public async Task A_responses_api_call_records_the_response_id_and_its_token_usage_as_the_conventions_name_them()
    {
        using ParallelChatClient client = Client();

        ParallelTextResponse answer = await client.AskAsync("Say hello.", ParallelModel.Responses()).Within();

        Activity span = Assert.Single(MySpans());
        ParallelUsage usage = answer.ResponsesDetails!.Usage!;
        Assert.Equal("chat parallel", span.DisplayName);
        Assert.Equal(answer.InteractionId, span.GetTagItem("gen_ai.response.id"));
        Assert.Equal(usage.InputTokens, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(usage.OutputTokens, span.GetTagItem("gen_ai.usage.output_tokens"));
        List<MetricPoint> tokens = MyPoints("gen_ai.client.token.usage");
        Assert.Equal(2, tokens.Count);
        Assert.Equal(usage.InputTokens + usage.OutputTokens, tokens.Sum(p => p.GetHistogramSum()));
    }

    [Fact]
    public async Task Retries_are_span_events_and_a_failed_call_carries_its_error_type()
    {
        using ParallelChatClient client = Client();
        Assert.True(EmulatorFault.TryParse("503", out EmulatorFault? fault));
        for (int i = 0; i < 3; i++)
        {
            _emulator!.Enqueue(ScriptedResponse.WithFault(fault));
        }

        await Assert.ThrowsAsync<ParallelServerException>(() => client.AskAsync<Location>("Weather in Oslo?", ParallelModel.Speed).Within());

        Activity span = Assert.Single(MySpans());
        Assert.Equal("503", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        var retries = span.Events.Where(e => e.Name == "structuredchat.retry").ToList();
        Assert.Equal([1, 2], retries.Select(e => (int)e.Tags.Single(t => t.Key == "structuredchat.retry.attempt").Value!));
        Assert.All(retries, e => Assert.Equal("HTTP 503", e.Tags.Single(t => t.Key == "structuredchat.retry.reason").Value));
        MetricPoint duration = Assert.Single(MyPoints("gen_ai.client.operation.duration"));
        Assert.Equal("503", Tags(duration)["error.type"]);
    }

    [Fact]
    public async Task Opted_in_the_span_carries_the_prompt_and_the_answer_but_still_not_the_key()
    {
        using ParallelChatClient client = Client(sensitive: true);
        _emulator!.Enqueue(ScriptedResponse.WithContent("""{"city":"Oslo","temperature":-3.5,"units":"c"}"""));

        await client.AskAsync<Location>($"Weather in Oslo? (my key is {TestKeys.ApiKey})", ParallelModel.Speed).Within();

        Activity span = Assert.Single(MySpans());
        string input = Assert.IsType<string>(span.GetTagItem("gen_ai.input.messages"));
        string output = Assert.IsType<string>(span.GetTagItem("gen_ai.output.messages"));
        Assert.StartsWith("""[{"role":"user","parts":[{"type":"text","content":"Weather in Oslo?""", input, StringComparison.Ordinal);
        Assert.Contains("""\"city\":\"Oslo\",""", output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.ApiKey, input, StringComparison.Ordinal);
    }
}
