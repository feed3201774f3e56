using System.Text;
using System.Text.Json;

namespace StructuredChat;

/// <summary>Reads the three error body shapes of the wire doc (and anything else as raw text) without reflection.</summary>
internal static class ErrorBodyReader
{
    /// <summary>Reads <paramref name="body"/>; never throws, whatever the bytes are.</summary>
    public static ParallelErrorDetails Read(int? statusCode, ReadOnlySpan<byte> body, string? headerReferenceId)
    {
        string raw = Encoding.UTF8.GetString(body);
        var parsed = new Parsed();
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadRoot(ref reader, body, ref parsed);
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page, a proxy's text): the raw text is all there is.
        }

        return new ParallelErrorDetails(
            statusCode,
            parsed.Message,
            parsed.ReferenceId ?? headerReferenceId,
            parsed.Type,
            parsed.Code,
            parsed.Param,
            parsed.DetailJson,
            parsed.ValidationErrors ?? [],
            raw);
    }

    private struct Parsed
    {
        public string? Message;
        public string? ReferenceId;
        public string? Type;
        public string? Code;
        public string? Param;
        public string? DetailJson;
        public List<ParallelValidationError>? ValidationErrors;
    }

    private static void ReadRoot(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref Parsed parsed)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadErrorObject(ref reader, body, ref parsed);
                }
                else
                {
                    parsed.Message ??= JsonReading.ScalarText(ref reader);
                }
            }
            else if (reader.ValueTextEquals("detail"u8))
            {
                reader.Read();
                ReadDetail(ref reader, body, ref parsed);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                parsed.Message ??= JsonReading.ScalarText(ref reader);
            }
            else if (reader.ValueTextEquals("ref_id"u8))
            {
                reader.Read();
                parsed.ReferenceId ??= JsonReading.ScalarText(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadErrorObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref Parsed parsed)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                parsed.Message = JsonReading.ScalarText(ref reader);
            }
            else if (reader.ValueTextEquals("ref_id"u8))
            {
                reader.Read();
                parsed.ReferenceId = JsonReading.ScalarText(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                parsed.Type = JsonReading.ScalarText(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                parsed.Code = JsonReading.ScalarText(ref reader);
            }
            else if (reader.ValueTextEquals("param"u8))
            {
                reader.Read();
                parsed.Param = JsonReading.ScalarText(ref reader);
            }
            else if (reader.ValueTextEquals("detail"u8))
            {
                reader.Read();
                ReadDetail(ref reader, body, ref parsed);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref Parsed parsed)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // FastAPI's {"detail":"..."}: the detail is the message.
                parsed.Message ??= reader.GetString();
                parsed.DetailJson = Encoding.UTF8.GetString(body.Slice((int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex)));
                return;
            case JsonTokenType.StartArray:
            case JsonTokenType.StartObject:
                int start = (int)reader.TokenStartIndex;
                var copy = reader;
                reader.Skip();
                parsed.DetailJson = Encoding.UTF8.GetString(body[start..(int)reader.BytesConsumed]);
                ReadValidationItems(ref copy, ref parsed);
                return;
            default:
                reader.Skip();
                return;
        }
    }

    /// <summary>Reads FastAPI's <c>[{loc,msg,type}]</c>, also when wrapped as <c>{"errors":[...]}</c> inside a Parallel detail.</summary>
    private static void ReadValidationItems(ref Utf8JsonReader reader, ref Parsed parsed)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadValidationItems(ref reader, ref parsed);
                }
                else
                {
                    reader.Skip();
                }
            }

            return;
        }

        while (JsonReading.NextObjectInArray(ref reader))
        {
            string location = "";
            string? message = null;
            string? type = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("loc"u8))
                {
                    reader.Read();
                    location = ReadLocation(ref reader);
                }
                else if (reader.ValueTextEquals("msg"u8) || reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    message = JsonReading.ScalarText(ref reader);
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = JsonReading.ScalarText(ref reader);
                }
                else if (reader.ValueTextEquals("path"u8))
                {
                    reader.Read();
                    location = reader.TokenType == JsonTokenType.StartArray ? ReadLocation(ref reader) : JsonReading.ScalarText(ref reader) ?? "";
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (message is not null)
            {
                (parsed.ValidationErrors ??= []).Add(new ParallelValidationError(location, message, type));
            }
        }
    }

    private static string ReadLocation(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return JsonReading.ScalarText(ref reader) ?? "";
        }

        var path = new StringBuilder();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            string? part = JsonReading.ScalarText(ref reader);
            if (part is null)
            {
                continue;
            }

            if (path.Length > 0)
            {
                path.Append('.');
            }

            path.Append(part);
        }

        return path.ToString();
    }
}
