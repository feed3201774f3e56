using Microsoft.Extensions.Options;

namespace StructuredChat.DependencyInjection;

/// <summary>
/// Checks registered <see cref="ParallelChatClientOptions"/> when the host starts, so a missing key or a bad URL
/// fails the start with a message that says which setting to fix, instead of the first call. Messages name
/// configuration keys, never their values.
/// </summary>
/// <param name="sectionPath">The configuration section the options were read from (<c>Parallel</c>), for messages.</param>
internal sealed class ParallelChatClientOptionsValidator(string sectionPath) : IValidateOptions<ParallelChatClientOptions>
{
    /// <summary>The environment variable the client falls back to for its key.</summary>
    public const string ApiKeyVariable = "PARALLEL_API_KEY";

    public ValidateOptionsResult Validate(string? name, ParallelChatClientOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey) && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ApiKeyVariable)))
        {
            string key = ParallelConfiguration.Key(sectionPath, nameof(ParallelChatClientOptions.ApiKey));
            failures.Add(
                $"No Parallel API key. Looked for the configuration key '{key}' (appsettings.json, user secrets, or the environment variable " +
                $"'{key.Replace(":", "__", StringComparison.Ordinal)}') and the environment variable '{ApiKeyVariable}'; set one of them.");
        }

        if (options.BaseUrl is { } url && !IsAllowedBaseUrl(url))
        {
            failures.Add(
                $"The configuration value '{Key(nameof(ParallelChatClientOptions.BaseUrl))}' must be an absolute HTTPS URL without user info " +
                "(plain HTTP is allowed only for loopback addresses).");
        }

        Positive(failures, nameof(ParallelChatClientOptions.StallTimeout), options.StallTimeout);
        Positive(failures, nameof(ParallelChatClientOptions.DefaultFirstTokenTimeout), options.DefaultFirstTokenTimeout);
        Positive(failures, nameof(ParallelChatClientOptions.DefaultCallDeadline), options.DefaultCallDeadline);
        PositivePerModel(failures, nameof(ParallelChatClientOptions.FirstTokenTimeouts), options.FirstTokenTimeouts);
        PositivePerModel(failures, nameof(ParallelChatClientOptions.CallDeadlines), options.CallDeadlines);
        Positive(failures, nameof(ParallelChatClientOptions.MaxResponseBytes), options.MaxResponseBytes);
        Positive(failures, nameof(ParallelChatClientOptions.MaxEventBytes), options.MaxEventBytes);
        Positive(failures, nameof(ParallelChatClientOptions.MaxAnswerBytes), options.MaxAnswerBytes);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private string Key(string name) => ParallelConfiguration.Key(sectionPath, name);

    private void Positive<TValue>(List<string> failures, string name, TValue value)
        where TValue : IComparable<TValue>
    {
        if (value.CompareTo(default) <= 0)
        {
            failures.Add($"'{Key(name)}' must be positive.");
        }
    }

    private void PositivePerModel(List<string> failures, string name, IDictionary<string, TimeSpan> values)
    {
        foreach ((string model, TimeSpan value) in values)
        {
            Positive(failures, name + ":" + model, value);
        }
    }

    private static bool IsAllowedBaseUrl(Uri url) =>
        url.IsAbsoluteUri
        && url.UserInfo.Length == 0
        && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
}
