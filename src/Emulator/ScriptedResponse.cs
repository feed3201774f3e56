namespace StructuredChat.Emulator;

/// <summary>
/// What the emulator answers to one request, instead of a synthesized answer. Every property is optional:
/// what is left <see langword="null"/> is synthesized as usual, so a script can pin just the content, just the
/// chunking, just a fault. Enqueue it with <see cref="ParallelEmulator.Enqueue(ScriptedResponse)"/>.
/// </summary>
public sealed class ScriptedResponse
{
    /// <summary>The exact answer text (<c>message.content</c>, or the concatenated <c>delta.content</c>; on the Responses API the output text). Ignored when <see cref="Chunks"/> is set.</summary>
    public string? Content { get; init; }

    /// <summary>
    /// The exact <c>delta.content</c> of each streamed chunk, in order (the answer is their concatenation); on the
    /// Responses API, the <c>delta</c> of each <c>response.output_text.delta</c>.
    /// A chunk may end inside a JSON escape of the answer, but not between the two halves of a UTF-16 surrogate
    /// pair: such a chunk cannot be written as a valid JSON string.
    /// </summary>
    public IReadOnlyList<string>? Chunks { get; init; }

    /// <summary>The basis entries (Chat API only). <see langword="null"/>: one entry per top-level field and array element for research models, none for <c>speed</c>; empty: no <c>basis</c> at all.</summary>
    public IReadOnlyList<EmulatorFieldBasis>? Basis { get; init; }

    /// <summary>Raw JSON written as the <c>basis</c> value (Chat API only), byte for byte (for odd shapes: sparse paths, unknown fields). Wins over <see cref="Basis"/>.</summary>
    public string? RawBasisJson { get; init; }

    /// <summary>The <c>interaction_id</c> (on the Responses API, the response <c>id</c>); <see langword="null"/> makes a fresh <c>int_...</c> (<c>resp_...</c>) id.</summary>
    public string? InteractionId { get; init; }

    /// <summary>Wait before the first chunk (or the whole non-streaming body); <see langword="null"/> uses the model's timing.</summary>
    public TimeSpan? FirstTokenDelay { get; init; }

    /// <summary>Wait between two chunks; <see langword="null"/> uses the model's timing.</summary>
    public TimeSpan? ChunkDelay { get; init; }

    /// <summary>Whether a stream ends with <c>data: [DONE]</c>; <see langword="null"/> uses <see cref="ParallelEmulatorOptions.SendDone"/> on the Chat API and sends none on the Responses API.</summary>
    public bool? SendDone { get; init; }

    /// <summary>Whether <c>: keep-alive</c> comment lines and an <c>event: ping</c> event are sent before the first chunk, or on the Responses API during the research silence before the message (clients must skip both).</summary>
    public bool SendKeepAlive { get; init; }

    /// <summary>(Chat API only) Puts the non-streaming answer under <c>choices[0].delta</c> instead of <c>choices[0].message</c>, as Parallel's OpenAPI document has it.</summary>
    public bool UseDeltaInNonStreamingBody { get; init; }

    /// <summary>A fault to inject into this response, or <see langword="null"/>.</summary>
    public EmulatorFault? Fault { get; init; }

    /// <summary>A script that answers exactly <paramref name="content"/>.</summary>
    public static ScriptedResponse WithContent(string content) => new() { Content = content };

    /// <summary>A script that answers with <paramref name="fault"/> (and a synthesized answer where the fault needs one).</summary>
    public static ScriptedResponse WithFault(EmulatorFault fault) => new() { Fault = fault };

    internal void Validate()
    {
        if (Chunks is null)
        {
            return;
        }

        for (var i = 0; i < Chunks.Count; i++)
        {
            var chunk = Chunks[i];
            if (chunk.Length > 0 && (char.IsHighSurrogate(chunk[^1]) || char.IsLowSurrogate(chunk[0])))
            {
                throw new ArgumentException($"Chunk {i} splits a UTF-16 surrogate pair; a JSON string cannot carry half a character.", nameof(Chunks));
            }
        }
    }
}
