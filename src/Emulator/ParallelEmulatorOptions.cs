namespace StructuredChat.Emulator;

/// <summary>Settings of a <see cref="ParallelEmulator"/>.</summary>
public sealed class ParallelEmulatorOptions
{
    /// <summary>The API key the emulator accepts; <see langword="null"/> makes a random one (read it from <see cref="ParallelEmulator.ApiKey"/>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The TCP port on 127.0.0.1; 0 (the default) picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>The clock behind the rate limit, the answer timing, stalls and the <c>created</c> field. Tests may pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Requests accepted per key in any 60-second window, counted for the Chat and Responses endpoints apart (Parallel's default is 300); 0 or less turns the limit off.</summary>
    public int RequestsPerMinute { get; set; } = 300;

    /// <summary>How fast answers arrive: <see cref="EmulatorTimingProfile.Fast"/> (the default), <see cref="EmulatorTimingProfile.Realistic"/> or <see cref="EmulatorTimingProfile.Instant"/>.</summary>
    public EmulatorTimingProfile Timing { get; set; } = EmulatorTimingProfile.Fast;

    /// <summary>
    /// How many requests <see cref="ParallelEmulator.Requests"/> keeps: the last N, 1,000 by default, so a long-running
    /// emulator does not grow with every request (<see cref="ParallelEmulator.RequestCount"/> still counts them all).
    /// </summary>
    public int RequestLogCapacity { get; set; } = 1_000;

    /// <summary>
    /// How the Responses API (<c>/v1/responses</c>) streams the answer text: <see langword="false"/> (the default) is
    /// Parallel's documented wire, the whole answer in one <c>response.output_text.delta</c> once research is done;
    /// <see langword="true"/> sends token-sized deltas (2 to 8 UTF-8 bytes) as OpenAI does. A <see cref="ScriptedResponse"/>
    /// with <see cref="ScriptedResponse.Chunks"/> sends exactly those.
    /// </summary>
    public bool ResponsesTokenDeltas { get; set; }

    /// <summary>How many Responses API answers a <c>previous_response_id</c> can name: the last N, 10,000 by default; an older or unknown id is refused.</summary>
    public int StoredResponseCapacity { get; set; } = 10_000;

    /// <summary>Whether synthesized Chat API streams end with <c>data: [DONE]</c> (OpenAI does; Parallel does not promise it). A <see cref="ScriptedResponse"/> decides for itself.</summary>
    public bool SendDone { get; set; } = true;

    /// <summary>
    /// The <c>finish_reason</c> of the non-streaming choice and of the last streamed chunk. <see langword="null"/> (the
    /// default) is Parallel's documented wire: the field is always empty. Set <c>"stop"</c> for clients that require a
    /// value: the official OpenAI .NET SDK (2.x) throws on a null <c>finish_reason</c> in a non-streaming response.
    /// </summary>
    public string? FinishReason { get; set; }
}
