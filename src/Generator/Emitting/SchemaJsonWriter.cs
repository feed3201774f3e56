using System.Collections.Generic;
using System.Globalization;
using System.Text;
using StructuredChat.Generator.Model;

namespace StructuredChat.Generator.Emitting;

/// <summary>
/// Writes the compact JSON schema of a response type: every object inlined, every property required (optional ones
/// as a <c>null</c> union), <c>additionalProperties: false</c>, properties in declaration order, no keyword Parallel rejects.
/// </summary>
internal static class SchemaJsonWriter
{
    public static string Write(ResponseTypeSpec spec)
    {
        var objects = new Dictionary<string, ObjectSpec>();
        objects[spec.Root.TypeKey] = spec.Root;
        foreach (var nested in spec.NestedObjects)
        {
            objects[nested.TypeKey] = nested;
        }

        var builder = new StringBuilder(256);
        WriteObject(builder, spec.Root, nullable: false, description: spec.Description, objects);
        return builder.ToString();
    }

    private static void WriteObject(StringBuilder builder, ObjectSpec spec, bool nullable, string? description, Dictionary<string, ObjectSpec> objects)
    {
        // {"type":"object","description":"...","properties":{...},"required":[...],"additionalProperties":false}
        builder.Append("{\"type\":");
        builder.Append(nullable ? "[\"object\",\"null\"]" : "\"object\"");
        WriteDescription(builder, description);
        builder.Append(",\"properties\":{");
        for (var i = 0; i < spec.Properties.Count; i++)
        {
            var property = spec.Properties[i];
            if (i > 0)
            {
                builder.Append(',');
            }

            WriteString(builder, property.JsonName);
            builder.Append(':');
            WriteValue(builder, property.Value, property.Description, objects);
        }

        builder.Append("},\"required\":[");
        for (var i = 0; i < spec.Properties.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            WriteString(builder, spec.Properties[i].JsonName);
        }

        builder.Append("],\"additionalProperties\":false}");
    }

    private static void WriteValue(StringBuilder builder, ValueSpec value, string? description, Dictionary<string, ObjectSpec> objects)
    {
        switch (value.Shape)
        {
            case ValueShape.Object:
                var nested = objects[value.ObjectTypeKey!];
                WriteObject(builder, nested, value.IsNullable, description ?? nested.Description, objects);
                return;

            case ValueShape.Array:
                // {"type":"array","description":"...","items":{...}}
                builder.Append("{\"type\":");
                builder.Append(value.IsNullable ? "[\"array\",\"null\"]" : "\"array\"");
                WriteDescription(builder, description);
                builder.Append(",\"items\":");
                var element = value.Element!;
                WriteValue(builder, element, element.FormatHint, objects);
                builder.Append('}');
                return;
        }

        // {"type":"string","description":"...","enum":["A","B"]}
        var jsonType = JsonType(value.Scalar);
        builder.Append("{\"type\":");
        if (value.IsNullable)
        {
            builder.Append("[\"").Append(jsonType).Append("\",\"null\"]");
        }
        else
        {
            builder.Append('"').Append(jsonType).Append('"');
        }

        WriteDescription(builder, description);
        if (value.Scalar == ScalarKind.Enum)
        {
            builder.Append(",\"enum\":[");
            for (var i = 0; i < value.EnumMembers.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                WriteString(builder, value.EnumMembers[i].JsonValue);
            }

            // An enum restricts values, so a nullable one must list null to allow it.
            builder.Append(value.IsNullable ? (value.EnumMembers.Count > 0 ? ",null]" : "null]") : "]");
        }

        builder.Append('}');
    }

    private static string JsonType(ScalarKind kind) => kind switch
    {
        ScalarKind.Boolean => "boolean",
        ScalarKind.Byte or ScalarKind.SByte or ScalarKind.Int16 or ScalarKind.UInt16 or ScalarKind.Int32
            or ScalarKind.UInt32 or ScalarKind.Int64 or ScalarKind.UInt64 => "integer",
        ScalarKind.Single or ScalarKind.Double or ScalarKind.Decimal => "number",
        _ => "string",
    };

    private static void WriteDescription(StringBuilder builder, string? description)
    {
        if (description is not null)
        {
            builder.Append(",\"description\":");
            WriteString(builder, description);
        }
    }

    private static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
