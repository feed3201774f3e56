using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StructuredChat;

/// <summary>
/// One value of a JSON text: its dot path and where it stands in the text, in UTF-16 units of the whole text
/// (prose or a code fence before the JSON included).
/// </summary>
/// <param name="Path">Property names and array indices joined by '.', as the research basis writes them; "" for the root.</param>
/// <param name="Parent">The index of the enclosing value in <see cref="JsonValueRanges.Values"/>; -1 for the root.</param>
/// <param name="OuterStart">Where the member starts (its key's opening quote); for an array element or the root, <paramref name="Start"/>.</param>
/// <param name="Start">The value's first character (a string's opening quote).</param>
/// <param name="End">Just after the value's last character (a string's closing quote); -1 while the value was never closed.</param>
/// <param name="Kind">What the value is.</param>
/// <param name="Shadowed">A later member of the same object has the same name, so this one is not the value a reader keeps.</param>
internal record struct JsonValueRange(string Path, int Parent, int OuterStart, int Start, int End, JsonValueKind Kind, bool Shadowed)
{
    /// <summary>Whether the value's end was read.</summary>
    public readonly bool IsClosed => End >= 0;

    /// <summary>Whether the value is an object or an array.</summary>
    public readonly bool IsContainer => Kind is JsonValueKind.Object or JsonValueKind.Array;
}

/// <summary>
/// The ranges of every value of the JSON text inside a longer text, recorded while <see cref="Utf8JsonReader"/> reads
/// the exact text (never a re-serialization), in document order (a value before the values inside it).
/// </summary>
/// <remarks>
/// The JSON starts at the first <c>{</c>, as <see cref="Streaming.PartialJsonReader{T}"/> reads an answer; what follows
/// the root's closing brace is not read. The reader's defaults are the rules (no comments, no trailing commas, depth 64),
/// so a text System.Text.Json would refuse stops at the same place: values closed before the error keep their ranges,
/// values still open stay <see cref="JsonValueRange.IsClosed"/> false. A number the text ends on is not recorded, since
/// more digits could have followed. Member names are unescaped (a lone surrogate escape as U+FFFD, as the partial reader
/// reads it); for a duplicated name, every earlier member is <see cref="JsonValueRange.Shadowed"/> (the last one wins, as
/// in System.Text.Json).
/// </remarks>
internal sealed class JsonValueRanges
{
    private readonly List<JsonValueRange> _values = [];

    private JsonValueRanges()
    {
    }

    /// <summary>The values in document order; ascending by <see cref="JsonValueRange.OuterStart"/>.</summary>
    public IReadOnlyList<JsonValueRange> Values => _values;

    /// <summary>Reads <paramref name="text"/>; never throws for any text.</summary>
    public static JsonValueRanges Read(string text)
    {
        var ranges = new JsonValueRanges();
        var open = text.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return ranges;
        }

        var json = text.AsSpan(open);
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(json));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);
            ranges.ReadJson(text, open, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return ranges;
    }

    private void ReadJson(string text, int open, ReadOnlySpan<byte> utf8)
    {
        // Not the final block: a number at the very end of a truncated text is withheld rather than guessed complete.
        var reader = new Utf8JsonReader(utf8, isFinalBlock: false, state: default);
        var offsets = new Utf16Offsets(text, open);
        var containers = new Stack<Container>();
        string? memberName = null;
        var memberStart = -1;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        memberName = MemberName(ref reader);
                        memberStart = offsets.At(reader.TokenStartIndex);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var kind = reader.TokenType == JsonTokenType.StartObject ? JsonValueKind.Object : JsonValueKind.Array;
                        var container = Add(containers, memberName, memberStart, offsets.At(reader.TokenStartIndex), -1, kind);
                        containers.Push(new Container(container, kind == JsonValueKind.Object ? new Dictionary<string, int>(StringComparer.Ordinal) : null));
                        memberName = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        var closed = containers.Pop();
                        _values[closed.Value] = _values[closed.Value] with { End = offsets.At(reader.BytesConsumed) };
                        if (containers.Count == 0)
                        {
                            return;
                        }

                        break;
                    default:
                        var start = offsets.At(reader.TokenStartIndex);
                        Add(containers, memberName, memberStart, start, offsets.At(reader.BytesConsumed), ScalarKind(reader.TokenType));
                        memberName = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed, or deeper than System.Text.Json reads: what was closed before this point keeps its range.
        }
    }

    private int Add(Stack<Container> containers, string? memberName, int memberStart, int start, int end, JsonValueKind kind)
    {
        var index = _values.Count;
        if (!containers.TryPeek(out var parent))
        {
            _values.Add(new JsonValueRange(string.Empty, -1, start, start, end, kind, false));
            return index;
        }

        var parentPath = _values[parent.Value].Path;
        string segment;
        var outerStart = start;
        if (parent.Members is { } members)
        {
            segment = memberName ?? string.Empty;
            outerStart = memberStart;
            if (members.TryGetValue(segment, out var earlier))
            {
                _values[earlier] = _values[earlier] with { Shadowed = true };
            }

            members[segment] = index;
        }
        else
        {
            segment = parent.Count.ToString(CultureInfo.InvariantCulture);
        }

        parent.Count++;
        var path = parentPath.Length == 0 ? segment : parentPath + "." + segment;
        _values.Add(new JsonValueRange(path, parent.Value, outerStart, start, end, kind, false));
        return index;
    }

    private static JsonValueKind ScalarKind(JsonTokenType token) => token switch
    {
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        _ => JsonValueKind.Null,
    };

    private static string MemberName(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Only an escaped lone surrogate gets here (the reader has already checked everything else).
            return UnescapeLeniently(Encoding.UTF8.GetString(reader.ValueSpan));
        }
    }

    /// <summary>Unescapes a JSON string body whose escapes are known to be well formed, a lone surrogate as U+FFFD.</summary>
    private static string UnescapeLeniently(string escaped)
    {
        var name = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '\\')
            {
                name.Append(escaped[i]);
                continue;
            }

            var escape = escaped[++i];
            if (escape != 'u')
            {
                name.Append(escape switch { 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => escape });
                continue;
            }

            name.Append((char)int.Parse(escaped.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            i += 4;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var pair = char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]);
            if (pair)
            {
                i++;
            }
            else if (char.IsSurrogate(name[i]))
            {
                name[i] = '\uFFFD';
            }
        }

        return name.ToString();
    }

    /// <summary>An object or array being read: its value index, its members by name (objects), how many values it holds so far.</summary>
    private sealed class Container(int value, Dictionary<string, int>? members)
    {
        public int Value { get; } = value;

        public Dictionary<string, int>? Members { get; } = members;

        public int Count { get; set; }
    }

    /// <summary>
    /// Turns byte offsets of the UTF-8 form of <c>text[open..]</c> into UTF-16 offsets of the whole text, moving forward
    /// only (the reader's offsets only grow), so the whole read stays linear.
    /// </summary>
    private struct Utf16Offsets(string text, int open)
    {
        private int _char = open;
        private long _byte;

        public int At(long byteOffset)
        {
            while (_byte < byteOffset && _char < text.Length)
            {
                var c = text[_char];
                if (char.IsHighSurrogate(c) && _char + 1 < text.Length && char.IsLowSurrogate(text[_char + 1]))
                {
                    _char += 2;
                    _byte += 4;
                    continue;
                }

                // A lone surrogate is encoded as U+FFFD: three bytes, like every other character from U+0800 up.
                _byte += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                _char++;
            }

            return _char;
        }
    }
}
