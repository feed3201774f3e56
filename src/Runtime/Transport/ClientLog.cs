using Microsoft.Extensions.Logging;

namespace StructuredChat;

/// <summary>The client's log lines. None of them takes the key, the prompt or the answer.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(1, LogLevel.Debug, "Sending {Mode} request to {Endpoint} for model {Model} (try {Try})")]
    public static partial void Sending(ILogger logger, string mode, Uri endpoint, string model, int @try);

    [LoggerMessage(2, LogLevel.Warning, "Try {Try} failed ({Reason}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, int @try, string reason, TimeSpan delay);

    [LoggerMessage(3, LogLevel.Error, "Request failed: {Reason}")]
    public static partial void Failed(ILogger logger, string reason);
}
