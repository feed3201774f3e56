namespace StructuredChat;

/// <summary>Which of Parallel's APIs a call goes to; chosen by the model (see <see cref="ParallelModel.Api"/>).</summary>
public enum ParallelApi
{
    /// <summary>The Chat API, <c>POST {base}/chat/completions</c>: models <c>speed</c>, <c>lite</c>, <c>base</c>, <c>core</c>; a research basis with reasoning and confidence per field.</summary>
    Chat = 0,

    /// <summary>The Responses API, <c>POST {base}/v1/responses</c>: model <c>parallel</c> at an effort tier; citations anchored to the answer's values, and the search trail.</summary>
    Responses = 1,
}

/// <summary>How much research the Responses API's <c>parallel</c> model does (sent as <c>reasoning.effort</c>).</summary>
public enum ParallelResearchEffort
{
    /// <summary><c>low</c>: simple fact retrieval, about 5-10 s.</summary>
    Low = 0,

    /// <summary><c>medium</c> (the server's default): multi-hop fact retrieval, about 15-20 s.</summary>
    Medium = 1,

    /// <summary><c>high</c>: deep research, about 30-60 s.</summary>
    High = 2,
}

/// <summary>
/// A Parallel model, which also decides the API a call goes to: the Chat API's <see cref="Speed"/>, <see cref="Lite"/>,
/// <see cref="Base"/>, <see cref="Core"/> (or any other name the server knows, converted implicitly from a string), or
/// the Responses API's <c>parallel</c> model at an effort tier (<see cref="Responses"/>).
/// </summary>
/// <remarks>
/// Choosing the API by the model keeps the rest of a call the same on both: the same client, the same
/// <c>AskAsync&lt;T&gt;</c> and <c>StreamAsync&lt;T&gt;</c>, the same answer types. Choose once with
/// <see cref="ParallelChatClientOptions.DefaultModel"/>, or per call with the model argument.
/// </remarks>
public readonly struct ParallelModel : IEquatable<ParallelModel>
{
    /// <summary>The Responses API's only model name.</summary>
    internal const string ResponsesModelName = "parallel";

    private readonly string? _name;

    /// <summary>Creates a model from its wire name (<c>parallel</c> is the Responses API's model, at the server's default effort).</summary>
    /// <param name="name">The name sent as <c>model</c>, for example <c>base</c>.</param>
    public ParallelModel(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
    }

    private ParallelModel(ParallelResearchEffort effort)
    {
        _name = ResponsesModelName;
        Effort = effort;
    }

    /// <summary><c>speed</c> (Chat API): interactive, low latency (about 3 s to the first token), no research basis.</summary>
    public static ParallelModel Speed { get; } = new("speed");

    /// <summary><c>lite</c> (Chat API): simple lookups with a research basis (10 to 60 s to the first token).</summary>
    public static ParallelModel Lite { get; } = new("lite");

    /// <summary><c>base</c> (Chat API): standard enrichment with a research basis (15 to 100 s to the first token).</summary>
    public static ParallelModel Base { get; } = new("base");

    /// <summary><c>core</c> (Chat API): complex multi-source research (1 to 5 minutes to the first token).</summary>
    public static ParallelModel Core { get; } = new("core");

    /// <summary>The name sent as <c>model</c> on the wire (<c>base</c> for a default-initialised value).</summary>
    public string Name => _name ?? "base";

    /// <summary>The API the model is served by: <see cref="ParallelApi.Responses"/> for <c>parallel</c>, else <see cref="ParallelApi.Chat"/>.</summary>
    public ParallelApi Api => string.Equals(Name, ResponsesModelName, StringComparison.OrdinalIgnoreCase) ? ParallelApi.Responses : ParallelApi.Chat;

    /// <summary>The Responses API's effort tier; <see langword="null"/> leaves it to the server (<c>medium</c>) and for Chat API models.</summary>
    public ParallelResearchEffort? Effort { get; }

    /// <summary>The Responses API's <c>parallel</c> model, at an effort tier.</summary>
    /// <param name="effort">The tier; <see langword="null"/> sends none and the server uses <c>medium</c>.</param>
    /// <returns>A model whose calls go to <c>POST {base}/v1/responses</c>.</returns>
    public static ParallelModel Responses(ParallelResearchEffort? effort = null) =>
        effort is { } tier ? new ParallelModel(tier) : new ParallelModel(ResponsesModelName);

    /// <summary>Converts a wire name into a model.</summary>
    /// <param name="name">The model's name.</param>
    public static implicit operator ParallelModel(string name) => new(name);

    /// <inheritdoc/>
    public bool Equals(ParallelModel other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase) && Effort == other.Effort;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ParallelModel other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(Name), Effort);

    /// <summary>The wire name, with the effort tier when one is set (<c>parallel (effort high)</c>).</summary>
    public override string ToString() => Effort is { } effort ? $"{Name} (effort {EffortName(effort)})" : Name;

    /// <summary>Compares two models by name (ignoring case) and effort.</summary>
    public static bool operator ==(ParallelModel left, ParallelModel right) => left.Equals(right);

    /// <summary>Compares two models by name (ignoring case) and effort.</summary>
    public static bool operator !=(ParallelModel left, ParallelModel right) => !left.Equals(right);

    /// <summary>The wire value of <c>reasoning.effort</c>.</summary>
    internal static string EffortName(ParallelResearchEffort effort) => effort switch
    {
        ParallelResearchEffort.Low => "low",
        ParallelResearchEffort.High => "high",
        _ => "medium",
    };
}
