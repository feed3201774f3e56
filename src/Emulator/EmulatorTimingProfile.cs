namespace StructuredChat.Emulator;

/// <summary>How long one model takes: the wait before the first token and the pace of the tokens after it.</summary>
/// <param name="TimeToFirstToken">Delay before the first chunk (streaming) or before the whole body (non-streaming).</param>
/// <param name="TokensPerSecond">Chunks per second after the first; 0 or less means no delay between chunks.</param>
public sealed record ModelTiming(TimeSpan TimeToFirstToken, double TokensPerSecond);

/// <summary>Per-model answer timing. Every emulated chunk counts as one token.</summary>
public sealed class EmulatorTimingProfile
{
    /// <summary>Timing of <c>speed</c>.</summary>
    public required ModelTiming Speed { get; init; }

    /// <summary>Timing of <c>lite</c>.</summary>
    public required ModelTiming Lite { get; init; }

    /// <summary>Timing of <c>base</c>.</summary>
    public required ModelTiming Base { get; init; }

    /// <summary>Timing of <c>core</c>.</summary>
    public required ModelTiming Core { get; init; }

    /// <summary>The default: the models keep their order (speed fastest, core slowest) but a whole answer takes well under a second.</summary>
    public static EmulatorTimingProfile Fast { get; } = new()
    {
        Speed = new(TimeSpan.FromMilliseconds(20), 1000),
        Lite = new(TimeSpan.FromMilliseconds(40), 1000),
        Base = new(TimeSpan.FromMilliseconds(60), 1000),
        Core = new(TimeSpan.FromMilliseconds(100), 1000),
    };

    /// <summary>The documented latencies (lower end of each range): speed ~3 s, lite 10 s, base 15 s, core 60 s to the first token.</summary>
    public static EmulatorTimingProfile Realistic { get; } = new()
    {
        Speed = new(TimeSpan.FromSeconds(3), 80),
        Lite = new(TimeSpan.FromSeconds(10), 50),
        Base = new(TimeSpan.FromSeconds(15), 50),
        Core = new(TimeSpan.FromSeconds(60), 40),
    };

    /// <summary>No delays at all: answers are written as fast as the socket takes them (works with a fake <see cref="TimeProvider"/> that nobody advances).</summary>
    public static EmulatorTimingProfile Instant { get; } = new()
    {
        Speed = new(TimeSpan.Zero, 0),
        Lite = new(TimeSpan.Zero, 0),
        Base = new(TimeSpan.Zero, 0),
        Core = new(TimeSpan.Zero, 0),
    };

    /// <summary>The timing of a model by its wire name (<c>speed</c>, <c>lite</c>, <c>base</c>, <c>core</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The model is not one of the four.</exception>
    public ModelTiming For(string model) => model switch
    {
        "speed" => Speed,
        "lite" => Lite,
        "base" => Base,
        "core" => Core,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown model."),
    };
}
