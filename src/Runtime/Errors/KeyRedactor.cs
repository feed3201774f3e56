using System.Text;

namespace StructuredChat;

/// <summary>
/// Takes the API key out of text a server sent back, in whatever encoding it came: as is, JSON-escaped
/// (<c>\u0073k-…</c>, <c>\/</c>), URL-encoded (<c>%73k-…</c>, <c>+</c> for a space) or any mix of these, character by
/// character. A literal search is not enough: a server that echoes the key escaped would otherwise put it into an
/// exception, and the unescaped value read from that JSON would carry it further.
/// </summary>
internal sealed class KeyRedactor
{
    /// <summary>What stands where the key was.</summary>
    public const string Mask = "[redacted]";

    private readonly string _key;

    public KeyRedactor(string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        _key = apiKey;
    }

    /// <summary>Whether <paramref name="text"/> holds the key in any of the encodings.</summary>
    public bool Finds(string? text) => text is not null && NextMatch(text, 0, out _) >= 0;

    /// <summary><paramref name="text"/> with every encoded occurrence of the key replaced by <see cref="Mask"/>.</summary>
    public string? Redact(string? text)
    {
        if (text is null)
        {
            return null;
        }

        int start = NextMatch(text, 0, out int end);
        if (start < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        int copied = 0;
        while (start >= 0)
        {
            result.Append(text, copied, start - copied).Append(Mask);
            copied = end;
            start = NextMatch(text, end, out end);
        }

        return result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Every text field of <paramref name="error"/> redacted.</summary>
    public ParallelErrorDetails Redact(ParallelErrorDetails error) => error with
    {
        ServerMessage = Redact(error.ServerMessage),
        ReferenceId = Redact(error.ReferenceId),
        ErrorType = Redact(error.ErrorType),
        ErrorCode = Redact(error.ErrorCode),
        Param = Redact(error.Param),
        DetailJson = Redact(error.DetailJson),
        ValidationErrors = [.. error.ValidationErrors.Select(v => new ParallelValidationError(Redact(v.Location)!, Redact(v.Message)!, Redact(v.Type)))],
        RawBody = Redact(error.RawBody)!,
    };

    private int NextMatch(string text, int from, out int end)
    {
        char first = _key[0];
        for (int i = from; i < text.Length; i++)
        {
            char c = text[i];
            if ((c == first || c == '\\' || c == '%' || c == '+') && (end = MatchAt(text, i)) > 0)
            {
                return i;
            }
        }

        end = -1;
        return -1;
    }

    /// <summary>The end of the key if it is written at <paramref name="index"/>, else -1.</summary>
    private int MatchAt(string text, int index)
    {
        int position = index;
        foreach (char expected in _key)
        {
            position = MatchCharacter(text, position, expected);
            if (position < 0)
            {
                return -1;
            }
        }

        return position;
    }

    private static int MatchCharacter(string text, int position, char expected)
    {
        if (position >= text.Length)
        {
            return -1;
        }

        char c = text[position];
        if (c == expected)
        {
            return position + 1;
        }

        if (c == '+' && expected == ' ')
        {
            return position + 1;
        }

        if (c == '\\' && position + 1 < text.Length)
        {
            char escape = text[position + 1];
            if (escape == 'u' && TryHex(text, position + 2, 4, out int unit) && unit == expected)
            {
                return position + 6;
            }

            return escape == expected && expected is '/' or '\\' or '"' ? position + 2 : -1;
        }

        if (c == '%')
        {
            // A URL-encoded character is its UTF-8 bytes, each as %XX.
            Span<byte> utf8 = stackalloc byte[4];
            int count = Encoding.UTF8.GetBytes([expected], utf8);
            for (int i = 0; i < count; i++, position += 3)
            {
                if (position >= text.Length || text[position] != '%' || !TryHex(text, position + 1, 2, out int value) || value != utf8[i])
                {
                    return -1;
                }
            }

            return position;
        }

        return -1;
    }

    private static bool TryHex(string text, int start, int digits, out int value)
    {
        value = 0;
        if (start + digits > text.Length)
        {
            return false;
        }

        for (int i = start; i < start + digits; i++)
        {
            int digit = HexValue(text[i]);
            if (digit < 0)
            {
                return false;
            }

            value = (value * 16) + digit;
        }

        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
