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

        if (options.StallTimeout <= TimeSpan.Zero)
        {
            failures.Add($"'{Key(nameof(ParallelChatClientOptions.StallTimeout))}' must be positive.");
        }

        if (options.DefaultFirstTokenTimeout <= TimeSpan.Zero)
        {
            failures.Add($"'{Key(nameof(ParallelChatClientOptions.DefaultFirstTokenTimeout))}' must be positive.");
        }

        foreach ((string model, TimeSpan timeout) in options.FirstTokenTimeouts)
        {
            if (timeout <= TimeSpan.Zero)
            {
                failures.Add($"'{Key(nameof(ParallelChatClientOptions.FirstTokenTimeouts))}:{model}' must be positive.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private string Key(string name) => ParallelConfiguration.Key(sectionPath, name);

    private static bool IsAllowedBaseUrl(Uri url) =>
        url.IsAbsoluteUri
        && url.UserInfo.Length == 0
        && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
}
