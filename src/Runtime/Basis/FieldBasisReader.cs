using System.Text.Json;

namespace StructuredChat;

/// <summary>Reads the wire's <c>basis</c> array with <see cref="Utf8JsonReader"/>; unknown fields are skipped, nothing is required.</summary>
internal static class FieldBasisReader
{
    /// <summary>Reads the array at the reader's position (on its <c>[</c>) and merges it into <paramref name="entries"/>.</summary>
    /// <remarks>
    /// A later entry for the same field replaces the earlier one, so a server that repeats the whole basis on
    /// several chunks and one that sends it piecewise both end up with one entry per field, in first-seen order.
    /// </remarks>
    public static void ReadAndMerge(ref Utf8JsonReader reader, List<FieldBasis> entries)
    {
        if (!JsonReading.IsArray(ref reader))
        {
            return;
        }

        while (JsonReading.NextObjectInArray(ref reader))
        {
            FieldBasis entry = ReadEntry(ref reader);
            int existing = entries.FindIndex(e => e.Field == entry.Field);
            if (existing >= 0)
            {
                entries[existing] = entry;
            }
            else
            {
                entries.Add(entry);
            }
        }
    }

    private static FieldBasis ReadEntry(ref Utf8JsonReader reader)
    {
        string field = "";
        string? reasoning = null;
        string? confidence = null;
        List<Citation>? citations = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("field"u8))
            {
                reader.Read();
                field = JsonReading.StringOrNull(ref reader) ?? "";
            }
            else if (reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                reasoning = JsonReading.StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("confidence"u8))
            {
                reader.Read();
                confidence = JsonReading.StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("citations"u8))
            {
                reader.Read();
                citations = ReadCitations(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new FieldBasis(field, reasoning, citations ?? (IReadOnlyList<Citation>)[], confidence);
    }

    private static List<Citation>? ReadCitations(ref Utf8JsonReader reader)
    {
        if (!JsonReading.IsArray(ref reader))
        {
            return null;
        }

        var citations = new List<Citation>();
        while (JsonReading.NextObjectInArray(ref reader))
        {
            string url = "";
            string? title = null;
            List<string>? excerpts = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("url"u8))
                {
                    reader.Read();
                    url = JsonReading.StringOrNull(ref reader) ?? "";
                }
                else if (reader.ValueTextEquals("title"u8))
                {
                    reader.Read();
                    title = JsonReading.StringOrNull(ref reader);
                }
                else if (reader.ValueTextEquals("excerpts"u8))
                {
                    reader.Read();
                    excerpts = ReadStrings(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            citations.Add(new Citation(url, title, excerpts ?? (IReadOnlyList<string>)[]));
        }

        return citations;
    }

    private static List<string>? ReadStrings(ref Utf8JsonReader reader)
    {
        if (!JsonReading.IsArray(ref reader))
        {
            return null;
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (JsonReading.StringOrNull(ref reader) is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }
}
