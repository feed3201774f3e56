using System.Text;
using System.Text.Json;

namespace StructuredChat;

/// <summary>Small steps shared by the hand-written <see cref="Utf8JsonReader"/> readers of the wire (envelope, basis, errors).</summary>
internal static class JsonReading
{
    /// <summary>Whether the reader is on an array's start; anything else is skipped.</summary>
    public static bool IsArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    /// <summary>
    /// Moves to the start of the array's next object, skipping elements of other kinds; false at the array's end.
    /// Call it on the array's start, then after reading each object to its end.
    /// </summary>
    public static bool NextObjectInArray(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>A string, number or literal as text; skips (and returns null for) objects, arrays and null.</summary>
    public static string? ScalarText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>A string value, or null (skipping whatever else is there).</summary>
    public static string? StringOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }
}
