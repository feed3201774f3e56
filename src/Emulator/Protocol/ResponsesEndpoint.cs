using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StructuredChat.Emulator.Synthesis;
using StructuredChat.Emulator.Validation;

namespace StructuredChat.Emulator.Protocol;

/// <summary>
/// <c>POST /v1/responses</c>: Parallel's Responses API (parallel-responses-api.md). Refusals in OpenAI's error
/// envelope (documented rejections, 400) or FastAPI's 422 body (malformed fields); answers as one response object,
/// or as the documented event sequence: the search items first, the message after them, its text in one delta (or
/// token-sized deltas), the searches completed, one <c>url_citation</c> annotation event per citation, the message
/// done, then <c>response.completed</c> with the whole object. No <c>data: [DONE]</c> unless a script asks for it.
/// </summary>
internal sealed class ResponsesEndpoint(EndpointPipeline pipeline) : IEmulatedApi
{
    private readonly ResponseStore _store = new(pipeline.Options.StoredResponseCapacity);

    public byte[] ErrorBody(int status, string message) => ErrorBodies.OpenAI(status, message);

    public Refusal Unreadable(Violation violation) =>
        new(StatusCodes.Status422UnprocessableEntity, ErrorBodies.FastApi([violation with { Rule = violation.Rule == Rules.Body ? "json_invalid" : violation.Rule }]));

    public Refusal? Validate(EmulatorRequest request, JsonElement root)
    {
        var warnings = new List<string>();
        var malformed = ResponsesRequestValidator.Malformed(root, warnings);
        request.SchemaWarnings = warnings;
        if (malformed.Count > 0)
        {
            return new(StatusCodes.Status422UnprocessableEntity, ErrorBodies.FastApi(malformed));
        }

        if (ResponsesRequestValidator.Rejected(root, _store.Contains) is { } rejection)
        {
            return new(StatusCodes.Status400BadRequest, ErrorBodies.OpenAI(StatusCodes.Status400BadRequest, rejection.Message, rejection.Param, rejection.Code, codeFromStatus: false));
        }

        request.History = request.PreviousResponseId is { } previous ? _store.Conversation(previous) : null;
        return null;
    }

    public Task AnswerAsync(HttpContext context, ResponseSink sink, EmulatorRequest request, JsonElement root, ScriptedResponse? script, EmulatorFault? fault, CancellationToken cancellationToken)
    {
        var format = request.ResponseFormatType == "json_schema" ? AnswerFormat.JsonSchema : AnswerFormat.Text;
        var schema = format == AnswerFormat.JsonSchema ? root.GetProperty("text").GetProperty("format").GetProperty("schema") : default;
        var effort = ResponsesRequestValidator.Effort(root);

        // The tiers keep the Chat models' pace: low as lite, medium as base, high as core.
        var timing = effort switch { "low" => pipeline.Options.Timing.Lite, "high" => pipeline.Options.Timing.Core, _ => pipeline.Options.Timing.Base };
        var answer = Answer.Build(request, format, schema, script, fault, timing, withBasis: false, sendDone: false);
        var id = script?.InteractionId ?? "resp_" + Guid.NewGuid().ToString("N");
        var random = new SeededRandom(SeededRandom.SeedFrom([answer.Content, request.Prompt]));
        var trail = SearchTrail.For(id, request.Prompt, random.Fork("searches"));
        var sources = trail.Where(s => s.Url is not null).Select(s => (s.Url!, s.Title!)).ToList();
        var response = new ResponseObject(id, request, answer.Content, trail, CitationSpans.For(answer.Content, answer.Json, answer.Prefix, sources, random.Fork("citations")))
        {
            CreatedAt = pipeline.Time.GetUtcNow().ToUnixTimeSeconds(),
        };
        _store.Add(id, $"{request.History}\n{string.Join("\n", request.Messages.Select(m => $"{m.Role}: {m.Content}"))}\nassistant: {answer.Content}");

        var deltas = script?.Chunks is not null || pipeline.Options.ResponsesTokenDeltas ? answer.Chunks : [answer.Content];
        if (!request.Stream)
        {
            var wait = answer.FirstTokenDelay + (answer.ChunkDelay * (deltas.Count - 1));
            return pipeline.WriteBodyAsync(context, sink, Json.Bytes(writer => response.Write(writer, "completed")), wait, fault, cancellationToken);
        }

        var events = new ResponseEvents(response);
        var frames = events.Frames(deltas, answer.FirstTokenDelay, answer.ChunkDelay, answer.SendKeepAlive, out var firstDelta);
        var faultIndex = firstDelta + Math.Max(1, deltas.Count / 2);
        var stream = new ScheduledStream
        {
            Frames = frames,
            FaultIndex = faultIndex,
            MalformedFrame = ScheduledStream.Event("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":\"tru"u8),
            ErrorFrame = events.Failed("Internal error while researching the answer; the response failed.", events.SequenceNumberAt(faultIndex)),
            Trailer = answer.SendDone ? "data: [DONE]\n\n"u8.ToArray() : null,
        };
        return stream.WriteAsync(context, sink, fault, pipeline, cancellationToken);
    }

    /// <summary>The response object of parallel-responses-api.md, "Response (non-streaming)", at each stage of its life.</summary>
    private sealed class ResponseObject(string id, EmulatorRequest request, string text, List<SearchStep> trail, List<CitationSpan> citations)
    {
        public string Id => id;

        public string MessageId { get; } = "msg_" + (id.StartsWith("resp_", StringComparison.Ordinal) ? id["resp_".Length..] : id);

        public string Text => text;

        public List<SearchStep> Trail => trail;

        public List<CitationSpan> Citations => citations;

        public long CreatedAt { get; init; }

        /// <summary>The whole object with <paramref name="status"/>; <c>in_progress</c> has no output and no usage yet.</summary>
        public void Write(Utf8JsonWriter writer, string status, string? error = null)
        {
            var done = status != "in_progress";
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("object", "response");
            writer.WriteNumber("created_at", CreatedAt);
            writer.WriteString("status", status);
            writer.WriteString("model", "parallel");
            writer.WriteStartArray("output");
            if (done && error is null)
            {
                for (var i = 0; i < trail.Count; i++)
                {
                    WriteSearch(writer, trail[i], completed: true);
                }

                WriteMessage(writer, completed: true);
            }

            writer.WriteEndArray();
            if (done && error is null)
            {
                WriteUsage(writer);
            }
            else
            {
                writer.WriteNull("usage");
            }

            if (request.Metadata is { } metadata)
            {
                writer.WriteStartObject("metadata");
                foreach (var (key, value) in metadata)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("metadata");
            }

            // Parallel echoes reasoning and text as null even when it honors them.
            writer.WriteNull("reasoning");
            writer.WriteNull("text");
            writer.WriteString("instructions", request.Instructions);
            writer.WriteString("previous_response_id", request.PreviousResponseId);
            if (error is null)
            {
                writer.WriteNull("error");
            }
            else
            {
                writer.WriteStartObject("error");
                writer.WriteString("code", "server_error");
                writer.WriteString("message", error);
                writer.WriteEndObject();
            }

            writer.WriteNull("incomplete_details");
            writer.WriteNull("temperature");
            writer.WriteNull("top_p");
            writer.WriteString("tool_choice", "auto");
            writer.WriteStartArray("tools");
            writer.WriteEndArray();
            writer.WriteBoolean("parallel_tool_calls", true);
            writer.WriteEndObject();
        }

        public void WriteSearch(Utf8JsonWriter writer, SearchStep step, bool completed)
        {
            writer.WriteStartObject();
            writer.WriteString("id", step.Id);
            writer.WriteString("type", "web_search_call");
            writer.WriteString("status", completed ? "completed" : "in_progress");
            writer.WriteStartObject("action");
            if (step.Query is not null)
            {
                writer.WriteString("type", "search");
                writer.WriteString("query", step.Query);
                writer.WriteStartArray("queries");
                writer.WriteStringValue(step.Query);
                writer.WriteEndArray();
                writer.WriteNull("sources");
            }
            else
            {
                writer.WriteString("type", "open_page");
                writer.WriteString("url", step.Url);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        public void WriteMessage(Utf8JsonWriter writer, bool completed)
        {
            writer.WriteStartObject();
            writer.WriteString("id", MessageId);
            writer.WriteString("type", "message");
            writer.WriteString("role", "assistant");
            writer.WriteString("status", completed ? "completed" : "in_progress");
            writer.WriteStartArray("content");
            if (completed)
            {
                WritePart(writer, text, withAnnotations: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        public void WritePart(Utf8JsonWriter writer, string partText, bool withAnnotations)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "output_text");
            writer.WriteString("text", partText);
            writer.WriteStartArray("annotations");
            if (withAnnotations)
            {
                foreach (var citation in citations)
                {
                    WriteAnnotation(writer, citation);
                }
            }

            writer.WriteEndArray();
            writer.WriteStartArray("logprobs");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        public static void WriteAnnotation(Utf8JsonWriter writer, CitationSpan citation)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "url_citation");
            writer.WriteString("url", citation.Url);
            writer.WriteString("title", citation.Title);
            writer.WriteNumber("start_index", citation.Start);
            writer.WriteNumber("end_index", citation.End);
            writer.WriteEndObject();
        }

        private void WriteUsage(Utf8JsonWriter writer)
        {
            // Estimated, as Parallel's are: about four characters a token.
            var input = (CitationSpans.CodePointCount(string.Concat(request.Messages.Select(m => m.Content)) + request.Instructions) + 3) / 4;
            var output = (CitationSpans.CodePointCount(text) + 3) / 4;
            writer.WriteStartObject("usage");
            writer.WriteNumber("input_tokens", input);
            writer.WriteStartObject("input_tokens_details");
            writer.WriteNumber("cached_tokens", 0);
            writer.WriteEndObject();
            writer.WriteNumber("output_tokens", output);
            writer.WriteStartObject("output_tokens_details");
            writer.WriteNumber("reasoning_tokens", 0);
            writer.WriteEndObject();
            writer.WriteNumber("total_tokens", input + output);
            writer.WriteEndObject();
        }
    }

    /// <summary>The event sequence of one response, numbered from 0 in the order written.</summary>
    private sealed class ResponseEvents(ResponseObject response)
    {
        private readonly List<Frame> _frames = [];
        private readonly List<int> _sequenceNumbers = [];
        private int _numbered;

        /// <summary>The sequence number the event at frame <paramref name="index"/> has, or would have after the last (keep-alives are not numbered).</summary>
        public int SequenceNumberAt(int index) => index < _sequenceNumbers.Count && _sequenceNumbers[index] >= 0 ? _sequenceNumbers[index] : _numbered;

        public List<Frame> Frames(IReadOnlyList<string> deltas, TimeSpan firstDelay, TimeSpan deltaDelay, bool keepAlive, out int firstDelta)
        {
            var now = TimeSpan.Zero;
            var messageIndex = response.Trail.Count;
            Add(now, "response.created", w => w.WriteResponse(response, "in_progress"));
            Add(now, "response.in_progress", w => w.WriteResponse(response, "in_progress"));
            for (var i = 0; i < response.Trail.Count; i++)
            {
                var (step, index) = (response.Trail[i], i);
                Add(now, "response.output_item.added", w => w.WriteItem(index, writer => response.WriteSearch(writer, step, completed: false)));
                Add(now, "response.web_search_call.in_progress", w => w.WriteItemId(step.Id, index));
                Add(now, "response.web_search_call.searching", w => w.WriteItemId(step.Id, index));
            }

            if (keepAlive)
            {
                // What a server may send during the research silence; neither is part of the numbered event sequence.
                _frames.Add(new(now, ": keep-alive\n\n"u8.ToArray()));
                _sequenceNumbers.Add(-1);
                _frames.Add(new(now, "event: ping\ndata: {}\n\n"u8.ToArray()));
                _sequenceNumbers.Add(-1);
            }

            // Research takes the time to the first token; the message opens when its text is ready.
            now = firstDelay;
            Add(now, "response.output_item.added", w => w.WriteItem(messageIndex, writer => response.WriteMessage(writer, completed: false)));
            Add(now, "response.content_part.added", w => w.WritePart(response, messageIndex, writer => response.WritePart(writer, "", withAnnotations: false)));
            firstDelta = _frames.Count;
            for (var i = 0; i < deltas.Count; i++)
            {
                var delta = deltas[i];
                now = firstDelay + (deltaDelay * i);
                Add(now, "response.output_text.delta", w =>
                {
                    w.WriteTextPosition(response, messageIndex);
                    w.Writer.WriteString("delta", delta);
                    w.Writer.WriteStartArray("logprobs");
                    w.Writer.WriteEndArray();
                });
            }

            for (var i = 0; i < response.Trail.Count; i++)
            {
                var (step, index) = (response.Trail[i], i);
                Add(now, "response.web_search_call.completed", w => w.WriteItemId(step.Id, index));
                Add(now, "response.output_item.done", w => w.WriteItem(index, writer => response.WriteSearch(writer, step, completed: true)));
            }

            for (var i = 0; i < response.Citations.Count; i++)
            {
                var (citation, annotationIndex) = (response.Citations[i], i);
                Add(now, "response.output_text.annotation.added", w =>
                {
                    w.WriteTextPosition(response, messageIndex);
                    w.Writer.WriteNumber("annotation_index", annotationIndex);
                    w.Writer.WritePropertyName("annotation");
                    ResponseObject.WriteAnnotation(w.Writer, citation);
                });
            }

            Add(now, "response.output_text.done", w =>
            {
                w.WriteTextPosition(response, messageIndex);
                w.Writer.WriteString("text", response.Text);
                w.Writer.WriteStartArray("logprobs");
                w.Writer.WriteEndArray();
            });
            Add(now, "response.content_part.done", w => w.WritePart(response, messageIndex, writer => response.WritePart(writer, response.Text, withAnnotations: true)));
            Add(now, "response.output_item.done", w => w.WriteItem(messageIndex, writer => response.WriteMessage(writer, completed: true)));
            Add(now, "response.completed", w => w.WriteResponse(response, "completed"));
            return _frames;
        }

        /// <summary><c>response.failed</c> with <c>error {code: server_error, message}</c>, numbered as the event it replaces.</summary>
        public byte[] Failed(string message, int sequenceNumber) => Frame(sequenceNumber, "response.failed", w => w.WriteResponse(response, "failed", message));

        private void Add(TimeSpan due, string type, Action<EventWriter> writeFields)
        {
            var sequenceNumber = _numbered++;
            _frames.Add(new(due, Frame(sequenceNumber, type, writeFields)));
            _sequenceNumbers.Add(sequenceNumber);
        }

        private static byte[] Frame(int sequenceNumber, string type, Action<EventWriter> writeFields) =>
            ScheduledStream.Event(type, Json.Bytes(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("type", type);
                writer.WriteNumber("sequence_number", sequenceNumber);
                writeFields(new EventWriter(writer));
                writer.WriteEndObject();
            }));
    }

    /// <summary>The fields events share, written into an open event object.</summary>
    private readonly record struct EventWriter(Utf8JsonWriter Writer)
    {
        public void WriteResponse(ResponseObject response, string status, string? error = null)
        {
            Writer.WritePropertyName("response");
            response.Write(Writer, status, error);
        }

        public void WriteItem(int outputIndex, Action<Utf8JsonWriter> writeItem)
        {
            Writer.WriteNumber("output_index", outputIndex);
            Writer.WritePropertyName("item");
            writeItem(Writer);
        }

        public void WriteItemId(string itemId, int outputIndex)
        {
            Writer.WriteString("item_id", itemId);
            Writer.WriteNumber("output_index", outputIndex);
        }

        public void WriteTextPosition(ResponseObject response, int outputIndex)
        {
            WriteItemId(response.MessageId, outputIndex);
            Writer.WriteNumber("content_index", 0);
        }

        public void WritePart(ResponseObject response, int outputIndex, Action<Utf8JsonWriter> writePart)
        {
            WriteTextPosition(response, outputIndex);
            Writer.WritePropertyName("part");
            writePart(Writer);
        }
    }
}
