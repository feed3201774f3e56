using System.Globalization;
using System.Text.Json;

namespace StructuredChat.Emulator.Synthesis;

/// <summary>
/// The research basis a research model adds: one entry per top-level field of a JSON object answer, one per
/// array element (<c>field.0</c>, <c>field.1</c>, ...), or a single <c>output</c> entry for any other answer.
/// </summary>
internal static class BasisSynthesizer
{
    /// <summary>The field name of a non-object answer (the documented name; <c>content</c> has been seen too).</summary>
    public const string PlainTextField = "output";

    public static List<EmulatorFieldBasis> For(string content, SeededRandom random)
    {
        var entries = new List<EmulatorFieldBasis>();
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException)
        {
        }

        using (document)
        {
            if (document?.RootElement is { ValueKind: JsonValueKind.Object } root)
            {
                foreach (var property in root.EnumerateObject())
                {
                    entries.Add(Entry(property.Name, property.Value, random));
                    if (property.Value.ValueKind == JsonValueKind.Array)
                    {
                        var i = 0;
                        foreach (var element in property.Value.EnumerateArray())
                        {
                            entries.Add(Entry($"{property.Name}.{i.ToString(CultureInfo.InvariantCulture)}", element, random));
                            i++;
                        }
                    }
                }
            }
            else
            {
                entries.Add(Entry(PlainTextField, default, random));
            }
        }

        return entries;
    }

    private static EmulatorFieldBasis Entry(string field, JsonElement value, SeededRandom random)
    {
        var excerptOfValue = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Undefined => random.Pick(WordBank.Sentences),
            _ => value.GetRawText(),
        };
        if (excerptOfValue.Length > 120)
        {
            excerptOfValue = excerptOfValue[..120];
            if (char.IsHighSurrogate(excerptOfValue[^1]))
            {
                excerptOfValue = excerptOfValue[..^1];
            }
        }

        var citations = new List<EmulatorCitation>();
        for (var n = random.Next(1, 3); n > 0; n--)
        {
            var company = random.Pick(WordBank.Companies);
            var slug = new string([.. company.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
            citations.Add(new(
                $"https://www.{slug}.example.com/{field.Replace('.', '/')}/{random.Next(1, 999).ToString(CultureInfo.InvariantCulture)}",
                random.Chance(0.85) ? $"{company}: {field.Replace('_', ' ')}" : null,
                [$"… {excerptOfValue} …", random.Pick(WordBank.Sentences)]));
        }

        return new(field, $"{random.Pick(WordBank.Reasons)} (field '{field}')", citations, random.Pick(WordBank.Confidences));
    }
}
