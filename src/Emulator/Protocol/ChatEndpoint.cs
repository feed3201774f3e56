using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StructuredChat.Emulator.Validation;

namespace StructuredChat.Emulator.Protocol;

/// <summary>
/// <c>POST /chat/completions</c> (and <c>/v1beta/chat/completions</c>): Parallel's Chat API. Errors in Parallel's
/// body; validation by <see cref="RequestValidator"/>; answers as <c>chat.completion.chunk</c> events with the basis
/// and <c>interaction_id</c> on the last chunk, or one non-streaming body.
/// </summary>
internal sealed class ChatEndpoint(EndpointPipeline pipeline) : IEmulatedApi
{
    private static readonly byte[] DoneEvent = "data: [DONE]\n\n"u8.ToArray();

    private ParallelEmulatorOptions Options => pipeline.Options;

    public byte[] ErrorBody(int status, string message) => ErrorBodies.Parallel(message);

    public Refusal Unreadable(Violation violation) => new(StatusCodes.Status422UnprocessableEntity, ErrorBodies.Validation([violation]));

    public Refusal? Validate(EmulatorRequest request, JsonElement root)
    {
        var warnings = new List<string>();
        var violations = RequestValidator.Validate(root, warnings);
        request.SchemaWarnings = warnings;
        return violations.Count > 0 ? new(StatusCodes.Status422UnprocessableEntity, ErrorBodies.Validation(violations)) : null;
    }

    public Task AnswerAsync(HttpContext context, ResponseSink sink, EmulatorRequest request, JsonElement root, ScriptedResponse? script, EmulatorFault? fault, CancellationToken cancellationToken)
    {
        var schema = request.ResponseFormatType == "json_schema" ? root.GetProperty("response_format").GetProperty("json_schema").GetProperty("schema") : default;
        var format = request.ResponseFormatType switch
        {
            "json_schema" => AnswerFormat.JsonSchema,
            "json_object" => AnswerFormat.JsonObject,
            _ => AnswerFormat.Text,
        };
        var model = request.Model!;
        var answer = Answer.Build(request, format, schema, script, fault, Options.Timing.For(model), withBasis: model != "speed", Options.SendDone);
        if (!request.Stream)
        {
            var json = Completion(
                isChunk: false, pipeline.Time.GetUtcNow().ToUnixTimeSeconds(), answer.UseDeltaInNonStreamingBody ? "delta" : "message",
                withRole: true, answer.Content, Options.FinishReason, answer);
            return pipeline.WriteBodyAsync(context, sink, json, answer.TotalDelay, fault, cancellationToken);
        }

        var created = pipeline.Time.GetUtcNow().ToUnixTimeSeconds();
        var frames = new List<Frame>();
        if (answer.SendKeepAlive)
        {
            frames.Add(new(TimeSpan.Zero, ": keep-alive\n\n"u8.ToArray()));
            frames.Add(new(TimeSpan.Zero, "event: ping\ndata: {}\n\n"u8.ToArray()));
        }

        var firstChunk = frames.Count;
        for (var i = 0; i < answer.Chunks.Count; i++)
        {
            var isLast = i == answer.Chunks.Count - 1;
            var chunk = Completion(
                isChunk: true, created, "delta", withRole: i == 0, answer.Chunks[i],
                isLast ? Options.FinishReason : null, isLast ? answer : null);
            frames.Add(new(answer.FirstTokenDelay + (answer.ChunkDelay * i), ScheduledStream.Data(chunk)));
        }

        var stream = new ScheduledStream
        {
            Frames = frames,
            FaultIndex = firstChunk + Math.Max(1, answer.Chunks.Count / 2),
            MalformedFrame = ScheduledStream.Data("{\"type\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tru"u8),
            ErrorFrame = ScheduledStream.Data(ErrorBodies.Parallel("Internal error while generating the answer; the stream was aborted.")),
            Trailer = answer.SendDone ? DoneEvent : null,
        };
        return stream.WriteAsync(context, sink, fault, pipeline, cancellationToken);
    }

    /// <summary>
    /// A non-streaming body (<c>object</c> empty, as documented) or a stream chunk (<c>chat.completion.chunk</c>):
    /// one choice holding <paramref name="content"/>, then <c>basis</c> and <c>interaction_id</c> when
    /// <paramref name="basisAndInteraction"/> is given.
    /// </summary>
    private static byte[] Completion(bool isChunk, long created, string choiceKey, bool withRole, string content, string? finishReason, Answer? basisAndInteraction) =>
        Json.Bytes(writer =>
        {
            writer.WriteStartObject();
            if (isChunk)
            {
                writer.WriteString("type", "chat.completion.chunk");
            }

            writer.WriteString("id", "");
            writer.WriteString("object", isChunk ? "chat.completion.chunk" : "");
            writer.WriteNumber("created", created);
            writer.WriteString("model", "");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject(choiceKey);
            if (withRole)
            {
                writer.WriteString("role", "assistant");
            }

            writer.WriteString("content", content);
            writer.WriteEndObject();
            writer.WriteString("finish_reason", finishReason);
            writer.WriteEndObject();
            writer.WriteEndArray();
            basisAndInteraction?.WriteBasisAndInteraction(writer);
            writer.WriteEndObject();
        });
}
