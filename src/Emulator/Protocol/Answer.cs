using System.Text.Json;
using StructuredChat.Emulator.Synthesis;

namespace StructuredChat.Emulator.Protocol;

/// <summary>What an answer is asked to be: prose, a JSON object, or JSON that validates against a schema.</summary>
internal enum AnswerFormat
{
    Text,
    JsonObject,
    JsonSchema,
}

/// <summary>Everything one successful response carries, decided before the first byte is written.</summary>
internal sealed class Answer
{
    private const string ProseLeadIn = "Here is the information you asked for, based on the sources I found:\n\n";

    private Answer(string content, IReadOnlyList<string> chunks)
    {
        Content = content;
        Chunks = chunks;
    }

    public string Content { get; }

    /// <summary>The streamed <c>delta.content</c> values; never empty (an empty answer is one empty chunk).</summary>
    public IReadOnlyList<string> Chunks { get; }

    public IReadOnlyList<EmulatorFieldBasis>? Basis { get; private init; }

    public string? RawBasisJson { get; private init; }

    public required string InteractionId { get; init; }

    public TimeSpan FirstTokenDelay { get; private init; }

    public TimeSpan ChunkDelay { get; private init; }

    public bool SendDone { get; private init; }

    public bool SendKeepAlive { get; private init; }

    public bool UseDeltaInNonStreamingBody { get; private init; }

    /// <summary>The text before the JSON answer that a fault added (<see cref="EmulatorFaultKind.ProseBeforeJson"/>, a Markdown fence); empty otherwise.</summary>
    public string Prefix { get; private init; } = "";

    /// <summary>The JSON answer itself when one was asked for and the content still holds it, else <see langword="null"/>.</summary>
    public string? Json { get; private init; }

    /// <summary>How long a non-streaming answer takes: the time to the first token, then one chunk delay per further chunk.</summary>
    public TimeSpan TotalDelay => FirstTokenDelay + (ChunkDelay * Math.Max(0, Chunks.Count - 1));

    /// <param name="request">The request, whose messages and schema seed the answer.</param>
    /// <param name="format">What the answer must be.</param>
    /// <param name="schema">The output schema for <see cref="AnswerFormat.JsonSchema"/>.</param>
    /// <param name="script">A scripted response, which wins over synthesis.</param>
    /// <param name="fault">A fault that rewrites the content (prose, fences).</param>
    /// <param name="timing">The answer's pace.</param>
    /// <param name="withBasis">Whether a research basis is synthesized (the Chat API's research models).</param>
    /// <param name="sendDone">Whether a stream ends with <c>data: [DONE]</c> unless the script says otherwise.</param>
    public static Answer Build(EmulatorRequest request, AnswerFormat format, JsonElement schema, ScriptedResponse? script, EmulatorFault? fault, ModelTiming timing, bool withBasis, bool sendDone)
    {
        var random = new SeededRandom(SeededRandom.SeedFrom(
            request.Messages.SelectMany(m => new[] { m.Role, m.Content }).Append(request.ResponseFormatType).Append(request.SchemaJson)
                .Concat(new[] { request.Instructions, request.History }.Where(part => part is not null))));
        var contentRandom = random.Fork("content");
        var chunkRandom = random.Fork("chunks");
        var basisRandom = random.Fork("basis");

        var answer = script?.Chunks is { } scriptedChunks ? string.Concat(scriptedChunks) : script?.Content ?? Synthesize(request.Prompt, format, schema, contentRandom);
        var prefix = fault?.Kind switch
        {
            EmulatorFaultKind.JsonInMarkdownFence => "```json\n",
            EmulatorFaultKind.ProseBeforeJson => ProseLeadIn,
            _ => "",
        };
        var content = fault?.Kind switch
        {
            EmulatorFaultKind.ProseInsteadOfJson => AnswerSynthesizer.Paragraph(contentRandom),
            EmulatorFaultKind.JsonInMarkdownFence => prefix + answer + "\n```",
            EmulatorFaultKind.ProseBeforeJson => prefix + answer,
            _ => answer,
        };

        // Scripted chunk boundaries hold unless a fault rewrote the text they cut.
        var chunks = script?.Chunks is { } explicitChunks && ReferenceEquals(content, answer) ? explicitChunks : ContentChunker.Split(content, chunkRandom);
        if (chunks.Count == 0)
        {
            chunks = [""];
        }

        var basis = script?.Basis ?? (withBasis ? BasisSynthesizer.For(content, basisRandom) : null);
        return new Answer(content, chunks)
        {
            Prefix = prefix,
            Json = format != AnswerFormat.Text && fault?.Kind != EmulatorFaultKind.ProseInsteadOfJson ? answer : null,
            Basis = basis is { Count: > 0 } ? basis : null,
            RawBasisJson = script?.RawBasisJson,
            InteractionId = script?.InteractionId ?? "int_" + Guid.NewGuid().ToString("N"),
            FirstTokenDelay = script?.FirstTokenDelay ?? timing.TimeToFirstToken,
            ChunkDelay = script?.ChunkDelay ?? (timing.TokensPerSecond > 0 ? TimeSpan.FromSeconds(1 / timing.TokensPerSecond) : TimeSpan.Zero),
            SendDone = script?.SendDone ?? sendDone,
            SendKeepAlive = script?.SendKeepAlive ?? false,
            UseDeltaInNonStreamingBody = script?.UseDeltaInNonStreamingBody ?? false,
        };
    }

    /// <summary>Writes <c>basis</c> (when there is one) and <c>interaction_id</c> into the open object.</summary>
    public void WriteBasisAndInteraction(Utf8JsonWriter writer)
    {
        if (RawBasisJson is not null)
        {
            writer.WritePropertyName("basis");
            writer.WriteRawValue(RawBasisJson);
        }
        else if (Basis is not null)
        {
            writer.WriteStartArray("basis");
            foreach (var entry in Basis)
            {
                writer.WriteStartObject();
                writer.WriteString("field", entry.Field);
                writer.WriteString("reasoning", entry.Reasoning);
                writer.WriteStartArray("citations");
                foreach (var citation in entry.Citations)
                {
                    writer.WriteStartObject();
                    writer.WriteString("url", citation.Url);
                    writer.WriteString("title", citation.Title);
                    if (citation.Excerpts is null)
                    {
                        writer.WriteNull("excerpts");
                    }
                    else
                    {
                        writer.WriteStartArray("excerpts");
                        foreach (var excerpt in citation.Excerpts)
                        {
                            writer.WriteStringValue(excerpt);
                        }

                        writer.WriteEndArray();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteString("confidence", entry.Confidence);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteString("interaction_id", InteractionId);
    }

    private static string Synthesize(string prompt, AnswerFormat format, JsonElement schema, SeededRandom random) => format switch
    {
        AnswerFormat.JsonSchema => AnswerSynthesizer.ForSchema(schema, random),
        AnswerFormat.JsonObject => AnswerSynthesizer.ForJsonObject(prompt, random),
        _ => AnswerSynthesizer.Paragraph(random),
    };
}
