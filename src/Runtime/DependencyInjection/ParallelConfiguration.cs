using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace StructuredChat.DependencyInjection;

/// <summary>
/// Reads a <c>Parallel</c> configuration section onto <see cref="ParallelChatClientOptions"/>. Binding goes through
/// the configuration binder's source generator (no reflection), into this section's own shape, because the options
/// also hold objects configuration cannot describe (an <see cref="HttpClient"/>, a rate limiter, a logger) and a
/// <see cref="ParallelModel"/> that is written as a plain string; values are converted here (see <see cref="Reader"/>).
/// </summary>
internal static class ParallelConfiguration
{
    /// <summary>The section <c>AddParallelChatClient()</c> reads by default.</summary>
    public const string DefaultSectionName = "Parallel";

    /// <summary>Sets every option the section names; options it does not name keep their values.</summary>
    /// <exception cref="InvalidOperationException">A value cannot be read (the message names the key, never the value).</exception>
    public static void Apply(IConfiguration section, ParallelChatClientOptions options)
    {
        var reader = new Reader(PathOf(section));
        if (section.Get<Section>() is { } values)
        {
            reader.Apply(values, options);
        }

        reader.ApplyRetry(section.GetSection(nameof(ParallelChatClientOptions.Retry)), options.Retry);
    }

    /// <summary>The configuration path of <paramref name="configuration"/>, for messages: <c>Parallel</c>, or empty for a root.</summary>
    public static string PathOf(IConfiguration configuration) => (configuration as IConfigurationSection)?.Path ?? string.Empty;

    /// <summary>The full key of <paramref name="name"/> inside the section at <paramref name="path"/>.</summary>
    public static string Key(string path, string name) => path.Length == 0 ? name : path + ":" + name;

    /// <summary>
    /// Converts the section's text values. The binder's own conversion errors quote the value, and a key pasted into
    /// the wrong setting must not reach a log: here every value is bound as text and converted with a message that
    /// names only the key.
    /// </summary>
    private readonly struct Reader(string path)
    {
        public void Apply(Section values, ParallelChatClientOptions options)
        {
            if (!string.IsNullOrWhiteSpace(values.ApiKey))
            {
                options.ApiKey = values.ApiKey.Trim();
            }

            if (!string.IsNullOrWhiteSpace(values.BaseUrl))
            {
                options.BaseUrl = Uri.TryCreate(values.BaseUrl.Trim(), UriKind.Absolute, out Uri? url)
                    ? url
                    : throw Unreadable(nameof(Section.BaseUrl), "an absolute URL");
            }

            if (!string.IsNullOrWhiteSpace(values.DefaultModel))
            {
                options.DefaultModel = new ParallelModel(values.DefaultModel.Trim());
            }

            if (!string.IsNullOrWhiteSpace(values.ResearchEffort))
            {
                // The Responses API's tier, for DefaultModel "parallel": a string such as "high".
                options.DefaultModel = Enum.TryParse(values.ResearchEffort.Trim(), ignoreCase: true, out ParallelResearchEffort effort)
                    && Enum.IsDefined(effort) && !char.IsDigit(values.ResearchEffort.Trim()[0])
                    ? options.DefaultModel.Api == ParallelApi.Responses
                        ? ParallelModel.Responses(effort)
                        : throw new InvalidOperationException($"Configuration key '{Key(path, nameof(Section.ResearchEffort))}' applies to the Responses API's model only: set '{Key(path, nameof(Section.DefaultModel))}' to 'parallel'.")
                    : throw Unreadable(nameof(Section.ResearchEffort), "low, medium or high");
            }

            options.RequestsPerMinute = Integer(values.RequestsPerMinute, nameof(Section.RequestsPerMinute)) ?? options.RequestsPerMinute;
            options.StallTimeout = Duration(values.StallTimeout, nameof(Section.StallTimeout)) ?? options.StallTimeout;
            options.DefaultFirstTokenTimeout = Duration(values.DefaultFirstTokenTimeout, nameof(Section.DefaultFirstTokenTimeout)) ?? options.DefaultFirstTokenTimeout;
            PerModel(values.FirstTokenTimeouts, nameof(Section.FirstTokenTimeouts), options.FirstTokenTimeouts);
            options.DefaultCallDeadline = Duration(values.DefaultCallDeadline, nameof(Section.DefaultCallDeadline)) ?? options.DefaultCallDeadline;
            PerModel(values.CallDeadlines, nameof(Section.CallDeadlines), options.CallDeadlines);
            options.MaxResponseBytes = Long(values.MaxResponseBytes, nameof(Section.MaxResponseBytes)) ?? options.MaxResponseBytes;
            options.MaxEventBytes = Integer(values.MaxEventBytes, nameof(Section.MaxEventBytes)) ?? options.MaxEventBytes;
            options.MaxAnswerBytes = Long(values.MaxAnswerBytes, nameof(Section.MaxAnswerBytes)) ?? options.MaxAnswerBytes;

            if (!string.IsNullOrWhiteSpace(values.HttpClientName))
            {
                options.HttpClientName = values.HttpClientName.Trim();
            }
        }

        public void ApplyRetry(IConfigurationSection retry, ParallelRetryOptions options)
        {
            options.MaxRetries = Integer(retry[nameof(options.MaxRetries)], "Retry:MaxRetries") ?? options.MaxRetries;
            options.InitialDelay = Duration(retry[nameof(options.InitialDelay)], "Retry:InitialDelay") ?? options.InitialDelay;
            options.MaxDelay = Duration(retry[nameof(options.MaxDelay)], "Retry:MaxDelay") ?? options.MaxDelay;
            options.HonorRetryAfter = Boolean(retry[nameof(options.HonorRetryAfter)], "Retry:HonorRetryAfter") ?? options.HonorRetryAfter;
            options.MaxRetryAfter = Duration(retry[nameof(options.MaxRetryAfter)], "Retry:MaxRetryAfter") ?? options.MaxRetryAfter;
        }

        private void PerModel(Dictionary<string, string?>? values, string name, IDictionary<string, TimeSpan> target)
        {
            foreach ((string model, string? text) in values ?? [])
            {
                if (Duration(text, name + ":" + model) is { } value)
                {
                    target[model] = value;
                }
            }
        }

        private long? Long(string? text, string name) =>
            string.IsNullOrWhiteSpace(text) ? null
            : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value
            : throw Unreadable(name, "a whole number");

        private int? Integer(string? text, string name) =>
            string.IsNullOrWhiteSpace(text) ? null
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value
            : throw Unreadable(name, "a whole number");

        private TimeSpan? Duration(string? text, string name) =>
            string.IsNullOrWhiteSpace(text) ? null
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value) ? value
            : throw Unreadable(name, "a time span such as 00:02:30");

        private bool? Boolean(string? text, string name) =>
            string.IsNullOrWhiteSpace(text) ? null
            : bool.TryParse(text, out bool value) ? value
            : throw Unreadable(name, "true or false");

        private InvalidOperationException Unreadable(string name, string expected) =>
            new($"The configuration value '{Key(path, name)}' is not {expected}.");
    }

    /// <summary>The keys of the section (names as in <see cref="ParallelChatClientOptions"/>); all optional, all text.</summary>
    internal sealed class Section
    {
        public string? ApiKey { get; set; }

        public string? BaseUrl { get; set; }

        public string? DefaultModel { get; set; }

        public string? ResearchEffort { get; set; }

        public string? RequestsPerMinute { get; set; }

        public string? StallTimeout { get; set; }

        public string? DefaultFirstTokenTimeout { get; set; }

        public Dictionary<string, string?>? FirstTokenTimeouts { get; set; }

        public string? DefaultCallDeadline { get; set; }

        public Dictionary<string, string?>? CallDeadlines { get; set; }

        public string? MaxResponseBytes { get; set; }

        public string? MaxEventBytes { get; set; }

        public string? MaxAnswerBytes { get; set; }

        public string? HttpClientName { get; set; }
    }
}
