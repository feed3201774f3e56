using System.Globalization;
using System.Text;

namespace StructuredChat.Generator.Helpers;

/// <summary>
/// The naming policies of System.Text.Json, reproduced so that the schema's names are the ones
/// <c>JsonNamingPolicy.SnakeCaseLower</c> and <c>JsonNamingPolicy.CamelCase</c> produce (a test checks them against the real ones).
/// </summary>
internal static class JsonNaming
{
    public const int SnakeCaseLower = 0;
    public const int CamelCase = 1;
    public const int AsWritten = 2;

    public static string Convert(string name, int policy) => policy switch
    {
        SnakeCaseLower => ToSnakeCaseLower(name),
        CamelCase => ToCamelCase(name),
        _ => name,
    };

    public static string ToCamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }

            var hasNext = i + 1 < chars.Length;

            // Stop at the end of a run of capitals: "URLValue" becomes "urlValue".
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ')
                {
                    chars[i] = char.ToLowerInvariant(chars[i]);
                }

                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }

    public static string ToSnakeCaseLower(string name)
    {
        const char Separator = '_';
        var builder = new StringBuilder(name.Length + 8);
        var state = SeparatorState.NotStarted;

        for (var i = 0; i < name.Length; i++)
        {
            var current = name[i];
            switch (char.GetUnicodeCategory(current))
            {
                case UnicodeCategory.UppercaseLetter:
                    switch (state)
                    {
                        case SeparatorState.LowercaseLetterOrDigit:
                        case SeparatorState.SpaceSeparator:
                            builder.Append(Separator);
                            break;
                        case SeparatorState.UppercaseLetter when i + 1 < name.Length && char.IsLower(name[i + 1]):
                            builder.Append(Separator);
                            break;
                    }

                    builder.Append(char.ToLowerInvariant(current));
                    state = SeparatorState.UppercaseLetter;
                    break;

                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.DecimalDigitNumber:
                    if (state == SeparatorState.SpaceSeparator)
                    {
                        builder.Append(Separator);
                    }

                    builder.Append(current);
                    state = SeparatorState.LowercaseLetterOrDigit;
                    break;

                case UnicodeCategory.SpaceSeparator:
                    if (state != SeparatorState.NotStarted)
                    {
                        state = SeparatorState.SpaceSeparator;
                    }

                    break;

                default:
                    builder.Append(current);
                    state = SeparatorState.NotStarted;
                    break;
            }
        }

        return builder.ToString();
    }

    private enum SeparatorState
    {
        NotStarted,
        UppercaseLetter,
        LowercaseLetterOrDigit,
        SpaceSeparator,
    }
}
