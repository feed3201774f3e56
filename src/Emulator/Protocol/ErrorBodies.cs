using System.Text.Json;
using StructuredChat.Emulator.Validation;

namespace StructuredChat.Emulator.Protocol;

/// <summary>The error body shapes of parallel-chat-api.md, "Errors".</summary>
internal static class ErrorBodies
{
    public static string NewRefId() => "ref_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Parallel: <c>{"type":"error","error":{"ref_id":"...","message":"...","detail":{...}|null}}</c>.</summary>
    public static byte[] Parallel(string message, Action<Utf8JsonWriter>? writeDetail = null) => Json.Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "error");
        writer.WritePropertyName("error");
        WriteParallelError(writer, message, writeDetail);
        writer.WriteEndObject();
    });

    public static void WriteParallelError(Utf8JsonWriter writer, string message, Action<Utf8JsonWriter>? writeDetail = null)
    {
        writer.WriteStartObject();
        writer.WriteString("ref_id", NewRefId());
        writer.WriteString("message", message);
        writer.WritePropertyName("detail");
        if (writeDetail is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writeDetail(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>422 for broken request rules: the message names every violation; <c>detail.errors</c> lists them as <c>{rule, path, message}</c>.</summary>
    public static byte[] Validation(IReadOnlyList<Violation> violations)
    {
        var message = $"Request validation failed ({violations.Count} error{(violations.Count == 1 ? "" : "s")}): "
            + string.Join("; ", violations.Select(v => $"[{v.Rule}] at {v.Path}: {v.Message}"));
        return Parallel(message, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            foreach (var violation in violations)
            {
                writer.WriteStartObject();
                writer.WriteString("rule", violation.Rule);
                writer.WriteString("path", violation.Path);
                writer.WriteString("message", violation.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>OpenAI: <c>{"error":{"message":"...","type":"...","param":null,"code":"..."}}</c>, the status's own message.</summary>
    public static byte[] OpenAI(int status) => OpenAI(status, StatusMessage(status));

    /// <summary>OpenAI's envelope with <paramref name="message"/>; <c>type</c> and <c>code</c> follow the status unless given.</summary>
    public static byte[] OpenAI(int status, string message, string? param = null, string? code = null, bool codeFromStatus = true) => Json.Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", message);
        writer.WriteString("type", status switch { 429 => "rate_limit_error", >= 500 => "server_error", _ => "invalid_request_error" });
        writer.WriteString("param", param);
        writer.WriteString("code", code ?? (codeFromStatus
            ? status switch { 401 => "invalid_api_key", 429 => "rate_limit_exceeded", 408 => "timeout", >= 500 => "server_error", _ => "invalid_request" }
            : null));
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    /// <summary>
    /// FastAPI's 422 for malformed fields: <c>{"detail":[{"type","loc","msg","input"}]}</c>, <c>loc</c> from the violation's
    /// path (<c>$.text.format.name</c> -> <c>["body","text","format","name"]</c>), <c>input</c> null.
    /// </summary>
    public static byte[] FastApi(IReadOnlyList<Violation> violations) => Json.Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("detail");
        foreach (var violation in violations)
        {
            writer.WriteStartObject();
            writer.WriteString("type", violation.Rule);
            writer.WriteStartArray("loc");
            writer.WriteStringValue("body");
            foreach (var segment in JsonPath.Segments(violation.Path))
            {
                if (segment is int index)
                {
                    writer.WriteNumberValue(index);
                }
                else
                {
                    writer.WriteStringValue((string)segment);
                }
            }

            writer.WriteEndArray();
            writer.WriteString("msg", violation.Message);
            writer.WriteNull("input");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>FastAPI: <c>{"detail":[{"loc":[...],"msg":"...","type":"..."}]}</c>.</summary>
    public static byte[] FastApiList() => Json.Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("detail");
        writer.WriteStartObject();
        writer.WriteStartArray("loc");
        writer.WriteStringValue("body");
        writer.WriteStringValue("response_format");
        writer.WriteEndArray();
        writer.WriteString("msg", "Input should be a valid dictionary or object to extract fields from");
        writer.WriteString("type", "model_attributes_type");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>FastAPI: <c>{"detail":"..."}</c>.</summary>
    public static byte[] FastApiString() => Json.Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("detail", "Invalid output schema: unsupported schema construct.");
        writer.WriteEndObject();
    });

    public static string StatusMessage(int status) => status switch
    {
        400 => "Bad request.",
        401 => "Unauthorized: missing or invalid API key.",
        402 => "Payment required: out of credit.",
        403 => "Forbidden.",
        404 => "Not found.",
        408 => "Request timed out.",
        409 => "Conflict.",
        422 => "Unprocessable request.",
        429 => "Rate limit exceeded. Please slow down and retry later.",
        500 => "Internal server error.",
        502 => "Bad gateway: an upstream service failed.",
        503 => "Service temporarily unavailable.",
        504 => "Gateway timeout.",
        _ => $"Emulated error {status}.",
    };
}
