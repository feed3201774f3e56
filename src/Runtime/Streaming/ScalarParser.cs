using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using StructuredChat.Metadata;

namespace StructuredChat.Streaming;

/// <summary>
/// Turns a complete number or string token into the boxed CLR value of a property, with System.Text.Json's own rules
/// (its reader parses numbers, dates and GUIDs, so the result equals what <c>JsonSerializer</c> gives for the whole text).
/// </summary>
internal static class ScalarParser
{
    public static bool IsStringEncoded(ParallelValueKind kind) => kind is ParallelValueKind.Enum or ParallelValueKind.DateOnly
        or ParallelValueKind.TimeOnly or ParallelValueKind.DateTime or ParallelValueKind.DateTimeOffset or ParallelValueKind.TimeSpan
        or ParallelValueKind.Guid or ParallelValueKind.Uri or ParallelValueKind.Char;

    public static bool IsNumber(ParallelValueKind kind) => kind is >= ParallelValueKind.Byte and <= ParallelValueKind.Decimal;

    /// <summary>Parses a raw number token for a numeric kind; null when it does not fit the type.</summary>
    public static object? ParseNumber(ParallelValueKind kind, ReadOnlySpan<byte> raw)
    {
        // Integers as System.Text.Json's TryGetInt32 and kin parse them (Utf8Parser, the whole token consumed), without
        // a reader per number; floating point goes through the reader itself.
        switch (kind)
        {
            case ParallelValueKind.Int32:
                return Utf8Parser.TryParse(raw, out int int32, out var int32Length) && int32Length == raw.Length ? int32 : null;
            case ParallelValueKind.Int64:
                return Utf8Parser.TryParse(raw, out long int64, out var int64Length) && int64Length == raw.Length ? int64 : null;
        }

        var reader = new Utf8JsonReader(raw, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
        {
            return null;
        }

        return kind switch
        {
            ParallelValueKind.Byte => reader.TryGetByte(out var v) ? v : null,
            ParallelValueKind.SByte => reader.TryGetSByte(out var v) ? v : null,
            ParallelValueKind.Int16 => reader.TryGetInt16(out var v) ? v : null,
            ParallelValueKind.UInt16 => reader.TryGetUInt16(out var v) ? v : null,
            ParallelValueKind.Int32 => reader.TryGetInt32(out var v) ? v : null,
            ParallelValueKind.UInt32 => reader.TryGetUInt32(out var v) ? v : null,
            ParallelValueKind.Int64 => reader.TryGetInt64(out var v) ? v : null,
            ParallelValueKind.UInt64 => reader.TryGetUInt64(out var v) ? v : null,
            ParallelValueKind.Single => reader.TryGetSingle(out var v) ? v : null,
            ParallelValueKind.Double => reader.TryGetDouble(out var v) ? v : null,
            ParallelValueKind.Decimal => reader.TryGetDecimal(out var v) ? v : null,
            _ => null,
        };
    }

    /// <summary>
    /// Parses a complete, unescaped string for a string-encoded kind; null when it is not a valid value.
    /// <paramref name="quoted"/> is the same text with quotes around it, for System.Text.Json's own parsers.
    /// </summary>
    public static object? ParseString(ParallelValueInfo info, ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> quoted)
    {
        switch (info.Kind)
        {
            case ParallelValueKind.Enum:
                return info.EnumInfo!.Find(utf8);
            case ParallelValueKind.Char:
                // System.Text.Json's CharConverter: exactly one UTF-16 unit (a character outside the BMP is two).
                Span<char> single = stackalloc char[1];
                return utf8.Length is >= 1 and <= 3 && Encoding.UTF8.GetCharCount(utf8) == 1 && Encoding.UTF8.GetChars(utf8, single) == 1 ? single[0] : null;
            case ParallelValueKind.Uri:
                return Uri.TryCreate(Encoding.UTF8.GetString(utf8), UriKind.RelativeOrAbsolute, out var uri) ? uri : null;
            case ParallelValueKind.DateOnly:
                // System.Text.Json's DateOnlyConverter: exactly yyyy-MM-dd.
                return TryParseIsoDate(utf8, out var date) ? date : null;
            case ParallelValueKind.TimeOnly:
                return Utf8Parser.TryParse(utf8, out TimeSpan time, out var timeLength, 'c') && timeLength == utf8.Length && time >= TimeSpan.Zero && time.Ticks < TimeSpan.TicksPerDay
                    ? TimeOnly.FromTimeSpan(time)
                    : null;
            case ParallelValueKind.TimeSpan:
                return Utf8Parser.TryParse(utf8, out TimeSpan span, out var spanLength, 'c') && spanLength == utf8.Length ? span : null;
        }

        // Escapes were resolved, so a quote, backslash or control character left in the text means it is not a date or
        // GUID anyway, and System.Text.Json's reader below would throw on it rather than say no.
        if (utf8.IndexOfAny((byte)'"', (byte)'\\') >= 0 || utf8.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
        {
            return null;
        }

        var reader = new Utf8JsonReader(quoted, isFinalBlock: true, state: default);
        reader.Read();
        return info.Kind switch
        {
            ParallelValueKind.DateTime => reader.TryGetDateTime(out var v) ? v : null,
            ParallelValueKind.DateTimeOffset => reader.TryGetDateTimeOffset(out var v) ? v : null,
            ParallelValueKind.Guid => reader.TryGetGuid(out var v) ? v : null,
            _ => null,
        };
    }

    /// <summary>Exactly <c>yyyy-MM-dd</c> (what <c>DateOnly.TryParseExact</c> with that format accepts), without a string.</summary>
    private static bool TryParseIsoDate(ReadOnlySpan<byte> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != (byte)'-' || text[7] != (byte)'-')
        {
            return false;
        }

        var value = 0;
        Span<int> parts = [0, 0, 0];
        var part = 0;
        for (var i = 0; i < 10; i++)
        {
            if (i is 4 or 7)
            {
                parts[part++] = value;
                value = 0;
                continue;
            }

            var digit = text[i] - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        parts[2] = value;
        var (year, month, day) = (parts[0], parts[1], parts[2]);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    public static string Describe(ParallelValueInfo info) => info.Kind switch
    {
        ParallelValueKind.String => "a string",
        ParallelValueKind.Boolean => "true or false",
        ParallelValueKind.Single or ParallelValueKind.Double or ParallelValueKind.Decimal => "a number",
        >= ParallelValueKind.Byte and <= ParallelValueKind.UInt64 => $"an integer that fits {info.Kind}",
        ParallelValueKind.Enum => "one of " + string.Join(", ", info.EnumInfo!.JsonValues.Select(v => "\"" + v + "\"")),
        ParallelValueKind.DateOnly => "a date as \"yyyy-MM-dd\"",
        ParallelValueKind.TimeOnly => "a time of day as \"hh:mm:ss\"",
        ParallelValueKind.DateTime or ParallelValueKind.DateTimeOffset => "an ISO 8601 date and time",
        ParallelValueKind.TimeSpan => "a duration as \"[-][d.]hh:mm:ss[.fffffff]\"",
        ParallelValueKind.Guid => "a GUID",
        ParallelValueKind.Uri => "a URI",
        ParallelValueKind.Char => "a single character",
        ParallelValueKind.Object => "an object",
        ParallelValueKind.Array => "an array",
        _ => info.Kind.ToString(),
    };
}
