using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StructuredChat.Generator.Tests.Generation;

/// <summary>
/// Writes a random JSON document for a generated type, from the test's own model of the type (not from the generated
/// schema): every property of the answer with a random value of its type, null sometimes where the type allows it.
/// </summary>
internal sealed class DocumentFactory(Random random, JsonNamingPolicy? policy)
{
    private static readonly string[] Fragments =
    [
        "a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "é", "中文", "😀", "\u2028", "{", "}", "[", "]", ",", ":",
        "null", "true", "0", "-1.5e3", "\\u0041", "ß", "\u00a0", "𝄞",
    ];

    public byte[] Write(ObjectDeclaration root)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteObject(writer, root);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteObject(Utf8JsonWriter writer, ObjectDeclaration declaration)
    {
        writer.WriteStartObject();
        foreach (var member in declaration.AllMembers.Where(m => m.InAnswer))
        {
            writer.WritePropertyName(member.JsonName ?? policy?.ConvertName(member.Name) ?? member.Name);
            WriteValue(writer, member.Value);
        }

        writer.WriteEndObject();
    }

    private void WriteValue(Utf8JsonWriter writer, ValueModel value)
    {
        if (value.Nullable && random.Next(4) == 0)
        {
            writer.WriteNullValue();
            return;
        }

        switch (value)
        {
            case ObjectValue obj:
                WriteObject(writer, obj.Declaration);
                break;
            case ListValue list:
                writer.WriteStartArray();
                for (var count = random.Next(4); count > 0; count--)
                {
                    WriteValue(writer, list.Element);
                }

                writer.WriteEndArray();
                break;
            case EnumValue enumeration:
                var (member, jsonName) = enumeration.Declaration.Members[random.Next(enumeration.Declaration.Members.Count)];
                writer.WriteStringValue(jsonName ?? member);
                break;
            case ScalarValue scalar:
                WriteScalar(writer, scalar.Type);
                break;
            default:
                throw new InvalidOperationException("No JSON for " + value);
        }
    }

    private void WriteScalar(Utf8JsonWriter writer, Type type)
    {
        switch (Type.GetTypeCode(type))
        {
            case TypeCode.String:
                writer.WriteStringValue(RandomString());
                return;
            case TypeCode.Char:
                writer.WriteStringValue(Pick(["a", "Z", "\"", "\\", "\n", "\u0001", "é", "中", "\u2028", " "]));
                return;
            case TypeCode.Boolean:
                writer.WriteBooleanValue(random.Next(2) == 0);
                return;
            case TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64:
                // Any value of the type, its extremes more often than uniform sampling would bring them.
                var min = Convert.ToInt64(type.GetField("MinValue")!.GetValue(null), CultureInfo.InvariantCulture);
                var max = Convert.ToInt64(type.GetField("MaxValue")!.GetValue(null), CultureInfo.InvariantCulture);
                writer.WriteNumberValue(Edge(min, max, () => random.NextInt64(min, max)));
                return;
            case TypeCode.UInt64:
                writer.WriteNumberValue(Edge(ulong.MinValue, ulong.MaxValue, () => (ulong)random.NextInt64() * 2));
                return;
            case TypeCode.Single:
                writer.WriteNumberValue(Edge(float.MinValue, float.MaxValue, FiniteSingle));
                return;
            case TypeCode.Double:
                writer.WriteNumberValue(Edge(double.MinValue, double.Epsilon, FiniteDouble));
                return;
            case TypeCode.Decimal:
                writer.WriteNumberValue(Edge(decimal.MinValue, decimal.MaxValue, () => new decimal(random.Next(), random.Next(), random.Next(), random.Next(2) == 0, (byte)random.Next(29))));
                return;
            case TypeCode.DateTime:
                var kind = Pick([DateTimeKind.Utc, DateTimeKind.Unspecified]);
                writer.WriteStringValue(new DateTime(random.NextInt64(DateTime.MaxValue.Ticks), kind).ToString("O", CultureInfo.InvariantCulture));
                return;
        }

        writer.WriteStringValue(RandomText(type));
    }

    /// <summary>The text of a value that is a string on the wire: dates, times, durations, ids and URIs.</summary>
    private string RandomText(Type type)
    {
        if (type == typeof(DateOnly))
        {
            return DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber)).ToString("O", CultureInfo.InvariantCulture);
        }

        if (type == typeof(TimeOnly))
        {
            return new TimeOnly(random.NextInt64(TimeOnly.MaxValue.Ticks)).ToString("O", CultureInfo.InvariantCulture);
        }

        if (type == typeof(DateTimeOffset))
        {
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1));
            var ticks = random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay);
            return new DateTimeOffset(ticks, offset).ToString("O", CultureInfo.InvariantCulture);
        }

        if (type == typeof(TimeSpan))
        {
            return new TimeSpan(random.NextInt64(TimeSpan.MinValue.Ticks + 1, TimeSpan.MaxValue.Ticks)).ToString("c", CultureInfo.InvariantCulture);
        }

        if (type == typeof(Guid))
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes).ToString("D", CultureInfo.InvariantCulture);
        }

        return type == typeof(Uri)
            ? Pick(["https://example.com/", "https://example.com/a/b?c=d&e=%20f#g", "http://[::1]:8080/x", "https://例え.jp/パス", "mailto:someone@example.com", "urn:isbn:0451450523"])
            : throw new InvalidOperationException("No JSON for " + type);
    }

    private string RandomString()
    {
        var text = new StringBuilder();
        for (var count = random.Next(random.Next(8) == 0 ? 200 : 12); count > 0; count--)
        {
            text.Append(Fragments[random.Next(Fragments.Length)]);
        }

        return text.ToString();
    }

    private float FiniteSingle()
    {
        while (true)
        {
            var value = BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue));
            if (float.IsFinite(value))
            {
                return value;
            }
        }
    }

    private double FiniteDouble()
    {
        while (true)
        {
            var value = random.Next(3) == 0 ? Math.Round(random.NextDouble() * 1000, 2) : BitConverter.Int64BitsToDouble(random.NextInt64());
            if (double.IsFinite(value))
            {
                return value;
            }
        }
    }

    // The extremes of a type come up more often than uniform sampling would bring them.
    private T Edge<T>(T min, T max, Func<T> any) => random.Next(10) switch
    {
        0 => min,
        1 => max,
        _ => any(),
    };

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
