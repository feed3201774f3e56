using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using StructuredChat.Metadata;

namespace StructuredChat.Streaming;

/// <summary>
/// Turns a complete number or string token into the CLR value of a property, in its slot, with System.Text.Json's own rules
/// (its reader parses numbers, dates and GUIDs, so the result equals what <c>JsonSerializer</c> gives for the whole text).
/// </summary>
internal static class ScalarParser
{
    public static bool IsStringEncoded(ParallelValueKind kind) => kind is ParallelValueKind.Enum or ParallelValueKind.DateOnly
        or ParallelValueKind.TimeOnly or ParallelValueKind.DateTime or ParallelValueKind.DateTimeOffset or ParallelValueKind.TimeSpan
        or ParallelValueKind.Guid or ParallelValueKind.Uri or ParallelValueKind.Char;

    public static bool IsNumber(ParallelValueKind kind) => kind is >= ParallelValueKind.Byte and <= ParallelValueKind.Decimal;

    /// <summary>Parses a raw number token for a numeric kind into <paramref name="slot"/>; false when it does not fit the type.</summary>
    public static bool TryParseNumber(ParallelValueKind kind, ReadOnlySpan<byte> raw, ref PartialSlot slot)
    {
        // Integers as System.Text.Json's TryGetInt32 and kin parse them (Utf8Parser, the whole token consumed), without
        // a reader per number. A finite double or float is what its reader's Utf8Parser call gives too; anything else
        // (an overflow to infinity, a decimal) goes through the reader itself, whose rules are the reference.
        switch (kind)
        {
            case ParallelValueKind.Int32:
                return Utf8Parser.TryParse(raw, out int int32, out var int32Length) && int32Length == raw.Length && Set(ref slot, int32);
            case ParallelValueKind.Int64:
                return Utf8Parser.TryParse(raw, out long int64, out var int64Length) && int64Length == raw.Length && Set(ref slot, int64);
            case ParallelValueKind.Double when Utf8Parser.TryParse(raw, out double float64, out var float64Length) && float64Length == raw.Length && double.IsFinite(float64):
                return Set(ref slot, float64);
            case ParallelValueKind.Single when Utf8Parser.TryParse(raw, out float float32, out var float32Length) && float32Length == raw.Length && float.IsFinite(float32):
                return Set(ref slot, float32);
        }

        var reader = new Utf8JsonReader(raw, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }

        return kind switch
        {
            ParallelValueKind.Byte => reader.TryGetByte(out var v) && Set(ref slot, v),
            ParallelValueKind.SByte => reader.TryGetSByte(out var v) && Set(ref slot, v),
            ParallelValueKind.Int16 => reader.TryGetInt16(out var v) && Set(ref slot, v),
            ParallelValueKind.UInt16 => reader.TryGetUInt16(out var v) && Set(ref slot, v),
            ParallelValueKind.Int32 => reader.TryGetInt32(out var v) && Set(ref slot, v),
            ParallelValueKind.UInt32 => reader.TryGetUInt32(out var v) && Set(ref slot, v),
            ParallelValueKind.Int64 => reader.TryGetInt64(out var v) && Set(ref slot, v),
            ParallelValueKind.UInt64 => reader.TryGetUInt64(out var v) && Set(ref slot, v),
            ParallelValueKind.Single => reader.TryGetSingle(out var v) && Set(ref slot, v),
            ParallelValueKind.Double => reader.TryGetDouble(out var v) && Set(ref slot, v),
            ParallelValueKind.Decimal => reader.TryGetDecimal(out var v) && Set(ref slot, v),
            _ => false,
        };
    }

    /// <summary>
    /// Parses a complete, unescaped string for a string-encoded kind into <paramref name="slot"/>; false when it is not
    /// a valid value. <paramref name="quoted"/> is the same text with quotes around it, for System.Text.Json's own parsers.
    /// </summary>
    public static bool TryParseString(ParallelValueInfo info, ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> quoted, ref PartialSlot slot)
    {
        switch (info.Kind)
        {
            case ParallelValueKind.Enum:
                // The enum's values are boxed once, in its metadata.
                var member = info.EnumInfo!.Find(utf8);
                slot.Held = member;
                return member is not null;
            case ParallelValueKind.Char:
                // System.Text.Json's CharConverter: exactly one UTF-16 unit (a character outside the BMP is two).
                Span<char> single = stackalloc char[1];
                return utf8.Length is >= 1 and <= 3 && Encoding.UTF8.GetCharCount(utf8) == 1 && Encoding.UTF8.GetChars(utf8, single) == 1 && Set(ref slot, single[0]);
            case ParallelValueKind.Uri:
                var uri = Uri.TryCreate(Encoding.UTF8.GetString(utf8), UriKind.RelativeOrAbsolute, out var created) ? created : null;
                slot.Held = uri;
                return uri is not null;
            case ParallelValueKind.DateOnly:
                // System.Text.Json's DateOnlyConverter: exactly yyyy-MM-dd.
                return TryParseIsoDate(utf8, out var date) && Set(ref slot, date);
            case ParallelValueKind.TimeOnly:
                return Utf8Parser.TryParse(utf8, out TimeSpan time, out var timeLength, 'c') && timeLength == utf8.Length && time >= TimeSpan.Zero && time.Ticks < TimeSpan.TicksPerDay
                    && Set(ref slot, TimeOnly.FromTimeSpan(time));
            case ParallelValueKind.TimeSpan:
                return Utf8Parser.TryParse(utf8, out TimeSpan span, out var spanLength, 'c') && spanLength == utf8.Length && Set(ref slot, span);
        }

        // Escapes were resolved, so a quote, backslash or control character left in the text means it is not a date or
        // GUID anyway, and System.Text.Json's reader below would throw on it rather than say no.
        if (utf8.IndexOfAny((byte)'"', (byte)'\\') >= 0 || utf8.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(quoted, isFinalBlock: true, state: default);
        reader.Read();
        return info.Kind switch
        {
            ParallelValueKind.DateTime => reader.TryGetDateTime(out var v) && Set(ref slot, v),
            ParallelValueKind.DateTimeOffset => reader.TryGetDateTimeOffset(out var v) && Set(ref slot, v),
            ParallelValueKind.Guid => reader.TryGetGuid(out var v) && Set(ref slot, v),
            _ => false,
        };
    }

    private static bool Set<TValue>(ref PartialSlot slot, TValue value)
        where TValue : struct
    {
        slot.Set(value);
        return true;
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
