namespace StructuredChat.Emulator.Validation;

/// <summary>One broken rule: its stable name, the JSON path (from the request body's root) and a readable message.</summary>
internal sealed record Violation(string Rule, string Path, string Message);

/// <summary>The rule names that 422 bodies carry in <c>error.detail.errors[].rule</c>.</summary>
internal static class Rules
{
    public const string Body = "body";
    public const string Model = "model";
    public const string UnknownModel = "unknown_model";
    public const string Messages = "messages";
    public const string MessageRole = "message_role";
    public const string MessageContent = "message_content";
    public const string Stream = "stream";
    public const string PreviousInteractionId = "previous_interaction_id";
    public const string ResponseFormat = "response_format";
    public const string ResponseFormatType = "response_format_type";
    public const string JsonSchema = "json_schema";
    public const string JsonSchemaName = "json_schema_name";

    // Parallel's schema rules.
    public const string RootObject = "root_object";
    public const string BareNull = "bare_null";
    public const string MaxDepth = "max_depth";
    public const string MaxProperties = "max_properties";
    public const string MaxEnumValues = "max_enum_values";
    public const string LargeEnumChars = "large_enum_chars";
    public const string MaxTotalChars = "max_total_chars";
    public const string RejectedKeyword = "rejected_keyword";
    public const string RecursiveRef = "recursive_ref";
    public const string UnresolvedRef = "unresolved_ref";
    public const string RefExpansion = "ref_expansion";
}

internal static class JsonPath
{
    public static string Property(string parent, string name)
    {
        var plain = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');
        return plain ? $"{parent}.{name}" : $"{parent}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";
    }

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>The names and indexes of a path this class wrote (<c>$.a['b.c'][2]</c> -> <c>a</c>, <c>b.c</c>, 2).</summary>
    public static List<object> Segments(string path)
    {
        var segments = new List<object>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '['))
                {
                    end++;
                }

                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var name = new System.Text.StringBuilder();
                i += 2;
                while (i < path.Length && path[i] != '\'')
                {
                    name.Append(path[i] == '\\' && i + 1 < path.Length ? path[++i] : path[i]);
                    i++;
                }

                segments.Add(name.ToString());
                i += 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                segments.Add(int.Parse(path.AsSpan(i + 1, end - i - 1), System.Globalization.CultureInfo.InvariantCulture));
                i = end + 1;
            }
            else
            {
                i++;
            }
        }

        return segments;
    }
}
