using System.Text.Json;
using StructuredChat.Emulator.Synthesis;

namespace StructuredChat.Emulator.Protocol;

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

    public static Answer Build(EmulatorRequest request, JsonElement body, ScriptedResponse? script, EmulatorFault? fault, ParallelEmulatorOptions options)
    {
        var model = request.Model!;
        var random = new SeededRandom(SeededRandom.SeedFrom(
            request.Messages.SelectMany(m => new[] { m.Role, m.Content }).Append(request.ResponseFormatType).Append(request.SchemaJson)));
        var contentRandom = random.Fork("content");
        var chunkRandom = random.Fork("chunks");
        var basisRandom = random.Fork("basis");

        var answer = script?.Chunks is { } scriptedChunks ? string.Concat(scriptedChunks) : script?.Content ?? Synthesize(request, body, contentRandom);
        var content = fault?.Kind switch
        {
            EmulatorFaultKind.ProseInsteadOfJson => AnswerSynthesizer.Paragraph(contentRandom),
            EmulatorFaultKind.JsonInMarkdownFence => "```json\n" + answer + "\n```",
            EmulatorFaultKind.ProseBeforeJson => ProseLeadIn + answer,
            _ => answer,
        };

        // Scripted chunk boundaries hold unless a fault rewrote the text they cut.
        var chunks = script?.Chunks is { } explicitChunks && ReferenceEquals(content, answer) ? explicitChunks : ContentChunker.Split(content, chunkRandom);
        if (chunks.Count == 0)
        {
            chunks = [""];
        }

        var isResearchModel = model != "speed";
        var basis = script?.Basis ?? (isResearchModel ? BasisSynthesizer.For(content, basisRandom) : null);
        var timing = options.Timing.For(model);
        return new Answer(content, chunks)
        {
            Basis = basis is { Count: > 0 } ? basis : null,
            RawBasisJson = script?.RawBasisJson,
            InteractionId = script?.InteractionId ?? "int_" + Guid.NewGuid().ToString("N"),
            FirstTokenDelay = script?.FirstTokenDelay ?? timing.TimeToFirstToken,
            ChunkDelay = script?.ChunkDelay ?? (timing.TokensPerSecond > 0 ? TimeSpan.FromSeconds(1 / timing.TokensPerSecond) : TimeSpan.Zero),
            SendDone = script?.SendDone ?? options.SendDone,
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

    private static string Synthesize(EmulatorRequest request, JsonElement body, SeededRandom random)
    {
        switch (request.ResponseFormatType)
        {
            case "json_schema":
                var schema = body.GetProperty("response_format").GetProperty("json_schema").GetProperty("schema");
                return AnswerSynthesizer.ForSchema(schema, random);
            case "json_object":
                return AnswerSynthesizer.ForJsonObject(request.Prompt, random);
            default:
                return AnswerSynthesizer.Paragraph(random);
        }
    }
}
