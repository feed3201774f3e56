namespace StructuredChat;

/// <summary>
/// A Parallel Chat API model: <see cref="Speed"/>, <see cref="Lite"/>, <see cref="Base"/>, <see cref="Core"/>,
/// or any other name the server knows (converted implicitly from a string).
/// </summary>
public readonly struct ParallelModel : IEquatable<ParallelModel>
{
    private readonly string? _name;

    /// <summary>Creates a model from its wire name.</summary>
    /// <param name="name">The name sent as <c>model</c>, for example <c>base</c>.</param>
    public ParallelModel(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
    }

    /// <summary><c>speed</c>: interactive, low latency (about 3 s to the first token), no research basis.</summary>
    public static ParallelModel Speed { get; } = new("speed");

    /// <summary><c>lite</c>: simple lookups with a research basis (10 to 60 s to the first token).</summary>
    public static ParallelModel Lite { get; } = new("lite");

    /// <summary><c>base</c>: standard enrichment with a research basis (15 to 100 s to the first token).</summary>
    public static ParallelModel Base { get; } = new("base");

    /// <summary><c>core</c>: complex multi-source research (1 to 5 minutes to the first token).</summary>
    public static ParallelModel Core { get; } = new("core");

    /// <summary>The name sent as <c>model</c> on the wire (<c>base</c> for a default-initialised value).</summary>
    public string Name => _name ?? "base";

    /// <summary>Converts a wire name into a model.</summary>
    /// <param name="name">The model's name.</param>
    public static implicit operator ParallelModel(string name) => new(name);

    /// <inheritdoc/>
    public bool Equals(ParallelModel other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ParallelModel other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Name);

    /// <summary>The wire name.</summary>
    public override string ToString() => Name;

    /// <summary>Compares two models by name, ignoring case.</summary>
    public static bool operator ==(ParallelModel left, ParallelModel right) => left.Equals(right);

    /// <summary>Compares two models by name, ignoring case.</summary>
    public static bool operator !=(ParallelModel left, ParallelModel right) => !left.Equals(right);
}
