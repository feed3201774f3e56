using System.Globalization;
using System.Text;

namespace StructuredChat.Runtime.Tests.Responses;

/// <summary>A position in a written text, counted both ways a citation offset may count it.</summary>
internal readonly record struct TextPosition(int Utf16, int CodePoints)
{
    public int In(bool codePoints) => codePoints ? CodePoints : Utf16;
}

/// <summary>One value of a written answer and where the writer put it; the root has path "" and no parent.</summary>
internal sealed class WrittenValue(string path, int parent, bool isString, TextPosition? memberStart, TextPosition start)
{
    public string Path { get; } = path;

    public int Parent { get; } = parent;

    public bool IsString { get; } = isString;

    /// <summary>The opening quote of the member's name; null for an array element and the root.</summary>
    public TextPosition? MemberStart { get; } = memberStart;

    public TextPosition Start { get; } = start;

    public TextPosition End { get; set; }

    public List<int> Children { get; } = [];

    /// <summary>
    /// Every span a citation of this value may have, in one unit: with quotes, a string's content, and the member
    /// (key through value), each with the end exclusive and inclusive. A form that would end before it starts (the
    /// content of an empty string with an inclusive end) does not exist.
    /// </summary>
    public IEnumerable<(int Start, int End)> Forms(bool codePoints)
    {
        var start = Start.In(codePoints);
        var end = End.In(codePoints);
        yield return (start, end);
        yield return (start, end - 1);
        if (MemberStart is { } member)
        {
            yield return (member.In(codePoints), end);
            yield return (member.In(codePoints), end - 1);
        }

        if (IsString)
        {
            yield return (start + 1, end - 1);
            if (end - 2 >= start + 1)
            {
                yield return (start + 1, end - 2);
            }
        }
    }
}

/// <summary>
/// A random structured answer, written character by character with the position of every value recorded as it is
/// written (in UTF-16 units and in code points), so the tests know each value's span without reading the text back.
/// Prose or a code fence may come before and after the JSON; strings and names carry escapes, non-ASCII and (unless
/// <c>astral</c> is false) characters outside the BMP; names are unique within an object.
/// </summary>
internal sealed class WrittenAnswer
{
    private static readonly string[] Prefixes = ["", "Here is the answer:\n", "```json\n", "Sure ✨ here it is:\n```json\n", "𝄞 Result 🎶\n```json\n"];
    private static readonly string[] Suffixes = ["", "\n", "\n```", "\n```\nHope this helps 🙂"];
    private static readonly string[] Names = ["name", "capital", "founded", "ceo", "items", "city", "café", "naïve", "größe", "市", "😀", "a b", "x"];
    private static readonly string[] Numbers = ["0", "7", "-3", "12.5", "1e3", "-0.25E-2", "1993", "4", "389450"];
    private static readonly string[] Literals = ["true", "false", "null"];
    private static readonly string[] Pieces = ["Reykjavik", " ", "a", "\\\"", "\\\\", "\\n", "\\u00e9", "\\uD83D\\uDE00", "\\/", "é", "中", "Montréal", "2024-01-02"];
    private static readonly string[] AstralPieces = ["😀", "𝄞", "🇮🇸"];
    private static readonly string[] Spaces = ["", "", " ", "\n  ", "\t"];

    private enum Shape
    {
        Object,
        Array,
        String,
        Number,
        Literal,
    }

    private readonly Random _random;
    private readonly bool _astral;
    private readonly StringBuilder _text = new();
    private readonly List<WrittenValue> _values = [];
    private int _codePoints;

    private WrittenAnswer(Random random, bool astral)
    {
        _random = random;
        _astral = astral;
    }

    public string Text => _text.ToString();

    public IReadOnlyList<WrittenValue> Values => _values;

    public bool HasAstral { get; private set; }

    public static WrittenAnswer Write(Random random)
    {
        var answer = new WrittenAnswer(random, astral: random.Next(2) == 0);
        answer.Write(answer.Pick(answer._astral ? Prefixes : Prefixes[..4]));
        answer.Value(string.Empty, -1, null, depth: 0);
        answer.Write(answer.Pick(answer._astral ? Suffixes : Suffixes[..3]));
        return answer;
    }

    private TextPosition Here => new(_text.Length, _codePoints);

    private void Write(string text)
    {
        _text.Append(text);
        _codePoints += text.EnumerateRunes().Count();
        HasAstral |= text.EnumerateRunes().Any(r => !r.IsBmp);
    }

    private string Pick(string[] choices) => choices[_random.Next(choices.Length)];

    private void Value(string path, int parent, TextPosition? memberStart, int depth)
    {
        // The root is an object; deeper down, containers thin out so documents stay a few hundred characters.
        var shape = depth == 0 ? Shape.Object : _random.Next(depth >= 4 ? 3 : 6) switch
        {
            0 => Shape.String,
            1 => Shape.Number,
            2 => Shape.Literal,
            3 or 4 => Shape.Object,
            _ => Shape.Array,
        };
        var index = _values.Count;
        var value = new WrittenValue(path, parent, shape == Shape.String, memberStart, Here);
        _values.Add(value);
        if (parent >= 0)
        {
            _values[parent].Children.Add(index);
        }

        switch (shape)
        {
            case Shape.Object:
                Object(path, index, depth);
                break;
            case Shape.Array:
                Array(path, index, depth);
                break;
            case Shape.String:
                Write("\"");
                for (var i = _random.Next(5); i > 0; i--)
                {
                    Write(_astral && _random.Next(4) == 0 ? Pick(AstralPieces) : Pick(Pieces));
                }

                Write("\"");
                break;
            case Shape.Number:
                Write(Pick(Numbers));
                break;
            default:
                Write(Pick(Literals));
                break;
        }

        value.End = Here;
    }

    private void Object(string path, int index, int depth)
    {
        Write("{");
        var names = Names.Where(n => _astral || n != "😀").OrderBy(_ => _random.Next()).Take(_random.Next(depth == 0 ? 1 : 0, 5)).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            Write(Pick(Spaces));
            var memberStart = Here;
            Write(EscapedName(names[i]));
            Write(Pick(Spaces) + ":" + Pick(Spaces));
            Value(path.Length == 0 ? names[i] : path + "." + names[i], index, memberStart, depth + 1);
            Write(Pick(Spaces) + (i < names.Length - 1 ? "," : string.Empty));
        }

        Write("}");
    }

    private void Array(string path, int index, int depth)
    {
        Write("[");
        var count = _random.Next(5);
        for (var i = 0; i < count; i++)
        {
            Write(Pick(Spaces));
            Value(path + "." + i.ToString(CultureInfo.InvariantCulture), index, null, depth + 1);
            Write(Pick(Spaces) + (i < count - 1 ? "," : string.Empty));
        }

        Write("]");
    }

    /// <summary>The name in quotes, some of its characters written as <c>\uXXXX</c> escapes (a pair as two).</summary>
    private string EscapedName(string name)
    {
        var escaped = new StringBuilder("\"");
        foreach (var character in name.EnumerateRunes())
        {
            var units = character.ToString();
            escaped.Append(_random.Next(4) == 0 ? string.Concat(units.Select(u => $"\\u{(int)u:X4}")) : units);
        }

        return escaped.Append('"').ToString();
    }
}
