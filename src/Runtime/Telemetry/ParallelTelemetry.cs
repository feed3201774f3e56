using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StructuredChat;

/// <summary>
/// The names under which StructuredChat reports to OpenTelemetry: one <see cref="ActivitySource"/> (a client span per
/// call) and one <see cref="Meter"/>, both named <see cref="Name"/>, following the OpenTelemetry semantic conventions
/// for generative AI clients (<c>gen_ai.*</c>). Subscribe with
/// <c>tracing.AddSource(ParallelTelemetry.Name)</c> and <c>metrics.AddMeter(ParallelTelemetry.Name)</c>.
/// </summary>
/// <remarks>
/// Each call is a span named <c>chat {model}</c> with <c>gen_ai.operation.name</c>, <c>gen_ai.provider.name</c>
/// (<c>parallel</c>), <c>gen_ai.request.model</c>, <c>gen_ai.output.type</c>, <c>gen_ai.response.id</c> (the interaction
/// id), <c>server.address</c>/<c>server.port</c>, <c>error.type</c> on failure, and one <c>structuredchat.retry</c>
/// event per retried try; when the server reports token counts (the Responses API's estimated <c>usage</c>),
/// <c>gen_ai.usage.input_tokens</c> and <c>gen_ai.usage.output_tokens</c>. Metrics: <c>gen_ai.client.operation.duration</c>,
/// for streamed calls <c>gen_ai.client.operation.time_to_first_chunk</c> (seconds), and with token counts
/// <c>gen_ai.client.token.usage</c> (by <c>gen_ai.token.type</c> <c>input</c> / <c>output</c>). Prompts and answers are recorded only when
/// <see cref="ParallelChatClientOptions.EnableSensitiveTelemetryData"/> is set; the API key never is.
/// </remarks>
public static class ParallelTelemetry
{
    /// <summary>The name of the activity source and of the meter: <c>StructuredChat</c>.</summary>
    public const string Name = "StructuredChat";

    internal static readonly ActivitySource Source = new(Name, typeof(ParallelTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(Name, typeof(ParallelTelemetry).Assembly.GetName().Version?.ToString());

    // The bucket boundaries the conventions advise for these two histograms (seconds).
    private static readonly double[] s_durationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        "gen_ai.client.operation.duration",
        unit: "s",
        description: "GenAI operation duration.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });

    // The conventions' advice for token counts: powers of 4 from 1 to 4^13.
    private static readonly long[] s_tokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    internal static readonly Histogram<long> TokenUsage = Meter.CreateHistogram(
        "gen_ai.client.token.usage",
        unit: "{token}",
        description: "Number of input and output tokens used.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = s_tokenBuckets });

    internal static readonly Histogram<double> TimeToFirstChunk = Meter.CreateHistogram(
        "gen_ai.client.operation.time_to_first_chunk",
        unit: "s",
        description: "Time to receive the first chunk of a streamed answer.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });
}
