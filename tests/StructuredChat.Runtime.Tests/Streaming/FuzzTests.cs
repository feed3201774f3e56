using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using StructuredChat.Streaming;

namespace StructuredChat.Runtime.Tests.Streaming;

/// <summary>
/// Random mutations of the corpus documents, read in random chunks, against System.Text.Json reading the whole text:
/// both accept with equal values, or both reject; our reader never throws anything but
/// <see cref="ParallelResponseFormatException"/> and never hangs. Seeded: set <c>FUZZ_SEED</c> to try other cases.
/// </summary>
/// <remarks>
/// System.Text.Json is configured as strictly as the schema Parallel is given (nullable annotations and constructor
/// parameters respected, enums by name only). The documented differences, each checked rather than assumed:
/// <list type="bullet">
/// <item>Text before the first <c>{</c> and after the root's closing brace is skipped (models write prose and code
/// fences): the reference reads one value from the first <c>{</c> on.</item>
/// <item>A duplicated property takes its last value whatever the earlier one was, where System.Text.Json fails on an
/// earlier value of the wrong type: such a document must read as System.Text.Json reads it with only the last
/// occurrence of each property kept.</item>
/// <item>Every property is required (Parallel's strict schemas list them all), where System.Text.Json gives a missing
/// init or settable property its default: our error must say the property is missing.</item>
/// <item>A null element in a list whose element type is not nullable is an error (the schema forbids it); System.Text.Json
/// does not check the nullability of elements: our error must name the element and say it found null.</item>
/// <item>A lone surrogate escape (<c>\uD800</c>) reads as U+FFFD, where System.Text.Json throws: such a document must
/// read as System.Text.Json reads it with each lone surrogate escape written as <c>\uFFFD</c>.</item>
/// <item>An enum value is one of the names the schema lists (case-insensitive, as System.Text.Json); System.Text.Json
/// falls back to <c>Enum.TryParse</c>, which also takes surrounding white space and comma-separated lists: our error
/// must show such a value.</item>
/// <item>Invalid UTF-8 is an error wherever it is, where System.Text.Json does not look at the bytes of a property name
/// it does not know or of a value it skips: our error must say it is invalid UTF-8, and the document must be.</item>
/// </list>
/// </remarks>
public sealed class FuzzTests
{
    private const int Cases = 12_000;
    private const int DefaultSeed = 20261205;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(120);

    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-0", "-1", "1.5", "1e400", "-1e-400", "255", "256", "-129", "2147483648", "18446744073709551616",
        "740993", "\"\"", "\"x\"", "\"Small\"", "\"medium\"", "\"x-large\"", "\"c\"", "\"2024-02-29\"", "\"2023-02-29\"", "\"13:45:10\"",
        "\"2024-01-02T03:04:05Z\"", "\"1.02:03:04\"", "\"0f8fad5b-d9cb-469f-a165-70867728950e\"", "\"https://a.b/c\"", "\"\\ud800\"",
        "\"\\u00e9\\n\"", "\"a\\\"b\"", "{}", "[]", "[1,2]", "[\"a\",null]", "[[1],[]]", "{\"name\":\"n\",\"role\":null}", "{\"a\":[{}]}",
    ];

    private static readonly byte[] Bytes = "{}[]\":,0123456789-+.eEtrufalsn \t\r\n\\/u\"x"u8.ToArray().Concat(new byte[] { 0x00, 0x1f, 0x7f, 0xc3, 0xa9, 0xe4, 0xb8, 0xad, 0xf0, 0x9f, 0xff, 0x80 }).ToArray();

    [Fact]
    public async Task Mutated_documents_in_random_chunks_read_as_System_Text_Json_reads_them()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var chosen) ? chosen : DefaultSeed;
        var targets = Corpus.All().Select(Target.For).ToArray();
        var current = -1;
        var disagreements = new List<string>();
        var outcomes = new int[4];

        var run = Task.Run(() =>
        {
            for (var i = 0; i < Cases && disagreements.Count < 20; i++)
            {
                Volatile.Write(ref current, i);
                var random = new Random(seed + i);
                var target = targets[random.Next(targets.Length)];
                var document = Mutate(target.Document, random);
                var pieces = random.Next(8) == 0 ? [0..document.Length] : Tokenizer.TokenizerFeeding.RandomPieces(document.Length, random.Next(), maxSize: 1 + random.Next(16));
                string? problem;
                try
                {
                    problem = target.Compare(document, pieces, outcomes);
                }
                catch (Exception e)
                {
                    problem = "crash: " + e;
                }

                if (problem is not null)
                {
                    disagreements.Add($"seed {seed + i} ({target.Name}, {pieces.Count} pieces): {problem}\n    document: {Show(document)}");
                }
            }
        });

        try
        {
            await run.WaitAsync(HangLimit, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The fuzz run did not finish within {HangLimit}: case seed {seed + Volatile.Read(ref current)} hangs (base seed {seed}).");
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements (base seed {seed}):\n" + string.Join("\n", disagreements));

        // The mutations must reach every outcome often, or the test proves little.
        Assert.All(outcomes, count => Assert.True(count > Cases / 50, $"outcomes (both accept, both reject, documented, trailing or prose) {string.Join(", ", outcomes)}"));
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var document = random.Next(3) switch
        {
            0 => ReplaceValue(valid, random),
            1 => DuplicateProperty(valid, random),
            _ => valid,
        };

        for (var n = random.Next(3); n > 0; n--)
        {
            document = MutateBytes(document, random);
        }

        return document;
    }

    private static byte[] MutateBytes(byte[] document, Random random)
    {
        var bytes = new List<byte>(document);
        var at = random.Next(bytes.Count + 1);
        switch (random.Next(9))
        {
            case 0 when at < bytes.Count:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(6)));
                break;
            case 1:
                bytes.Insert(at, Bytes[random.Next(Bytes.Length)]);
                break;
            case 2 when at < bytes.Count:
                bytes[at] = Bytes[random.Next(Bytes.Length)];
                break;
            case 3 when at < bytes.Count:
                var length = Math.Min(bytes.Count - at, 1 + random.Next(24));
                bytes.InsertRange(random.Next(bytes.Count + 1), bytes.GetRange(at, length));
                break;
            case 4:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 5:
                bytes.InsertRange(0, random.Next(2) == 0 ? "Here you go:\n```json\n"u8.ToArray() : "{\"x\":1} "u8.ToArray());
                break;
            case 6:
                bytes.AddRange(random.Next(2) == 0 ? "\n```\nHope this helps {"u8.ToArray() : "}]"u8.ToArray());
                break;
            case 7:
                bytes.InsertRange(at, random.Next(2) == 0 ? " \n\t "u8.ToArray() : "/*c*/"u8.ToArray());
                break;
            default:
                // Change the case of a letter: property names are case-sensitive, enum names are not.
                var letter = bytes.FindIndex(Math.Min(at, bytes.Count), b => b is >= (byte)'a' and <= (byte)'z');
                if (letter >= 0)
                {
                    bytes[letter] -= 32;
                }

                break;
        }

        return [.. bytes];
    }

    // Replaces one value (a property's or an element) of a valid document with another of any type.
    private static byte[] ReplaceValue(byte[] valid, Random random)
    {
        var spans = ValueSpans(valid);
        var (start, end) = spans[random.Next(spans.Count)];
        return [.. valid.AsSpan(0, start), .. Encoding.UTF8.GetBytes(Values[random.Next(Values.Length)]), .. valid.AsSpan(end)];
    }

    // Writes a property again, before or after itself, with another value of any type.
    private static byte[] DuplicateProperty(byte[] valid, Random random)
    {
        var properties = PropertySpans(valid);
        if (properties.Count == 0)
        {
            return valid;
        }

        var (start, end, name) = properties[random.Next(properties.Count)];
        var copy = Encoding.UTF8.GetBytes(name + ":" + Values[random.Next(Values.Length)]);
        return random.Next(2) == 0
            ? [.. valid.AsSpan(0, start), .. copy, (byte)',', .. valid.AsSpan(start)]
            : [.. valid.AsSpan(0, end), (byte)',', .. copy, .. valid.AsSpan(end)];
    }

    private static List<(int Start, int End)> ValueSpans(byte[] valid)
    {
        var spans = new List<(int, int)>();
        var reader = new Utf8JsonReader(valid);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.PropertyName || reader.CurrentDepth == 0)
            {
                continue;
            }

            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                continue;
            }

            var start = (int)reader.TokenStartIndex;
            var copy = reader;
            copy.Skip();
            spans.Add((start, (int)copy.BytesConsumed));
        }

        return spans;
    }

    private static List<(int Start, int End, string Name)> PropertySpans(byte[] valid)
    {
        var spans = new List<(int, int, string)>();
        var reader = new Utf8JsonReader(valid);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.PropertyName)
            {
                var start = (int)reader.TokenStartIndex;
                var name = Encoding.UTF8.GetString(valid.AsSpan(start, (int)reader.BytesConsumed - start)).TrimEnd();
                name = name[..(name.LastIndexOf('"') + 1)];
                var copy = reader;
                copy.Read();
                copy.Skip();
                spans.Add((start, (int)copy.BytesConsumed, name));
            }
        }

        return spans;
    }

    private static string Show(byte[] document)
    {
        var text = new StringBuilder();
        foreach (var rune in Encoding.UTF8.GetString(document).EnumerateRunes())
        {
            text.Append(Rune.IsControl(rune) ? $"\\u{rune.Value:x4}" : rune.ToString());
        }

        return text.ToString();
    }

    private abstract class Target(string name, byte[] document)
    {
        public string Name { get; } = name;

        public byte[] Document { get; } = document;

        public static Target For(Corpus.Case corpusCase)
        {
            var strict = new JsonSerializerOptions(corpusCase.Options) { RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true };
            strict.Converters.Clear();
            strict.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
            var type = typeof(Target<>).MakeGenericType(corpusCase.Type);
            return (Target)Activator.CreateInstance(type, corpusCase.Name, Encoding.UTF8.GetBytes(corpusCase.Json), strict)!;
        }

        /// <summary>Null when both readers agree (or differ as documented); otherwise what differs.</summary>
        public abstract string? Compare(byte[] document, IReadOnlyList<Range> pieces, int[] outcomes);
    }

    private sealed class Target<T>(string name, byte[] document, JsonSerializerOptions options) : Target(name, document)
        where T : IParallelResponse<T>
    {
        // Values are compared as System.Text.Json writes them; an overflowing float reads as infinity on both sides.
        private JsonSerializerOptions Writing { get; } = new(options) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

        public override string? Compare(byte[] document, IReadOnlyList<Range> pieces, int[] outcomes)
        {
            var (ours, ourError) = ReadOurs(document, pieces);
            var (reference, referenceError) = ReadReference(document);
            if (ours is not null && reference is not null)
            {
                outcomes[HasTextAroundJson(document) ? 3 : 0]++;
                return ours == reference ? null : $"values differ: ours {ours}, System.Text.Json {reference}";
            }

            if (ours is null && reference is null)
            {
                outcomes[1]++;
                return null;
            }

            if (ours is not null)
            {
                // Accepted where System.Text.Json fails: documented for an earlier duplicate of the wrong type and for a
                // lone surrogate escape.
                var (repaired, _) = ReadReference(LastOccurrences(LoneSurrogatesReplaced(document)));
                outcomes[2]++;
                return repaired == ours ? null : $"we accept ({ours}), System.Text.Json rejects: {referenceError}";
            }

            outcomes[2]++;
            var documented = ourError!.Contains(" is missing.", StringComparison.Ordinal)
                || (ourError.EndsWith(" but found null.", StringComparison.Ordinal) && NamesAnElement(ourError))
                || (ourError.Contains("invalid UTF-8", StringComparison.Ordinal) && !System.Text.Unicode.Utf8.IsValid(document))
                || IsLenientEnumText(ourError);
            return documented ? null : $"we reject ({ourError}), System.Text.Json accepts: {reference}";
        }

        // "Expected ... for 'founders.0' but found null.": the path ends with an index.
        private static bool NamesAnElement(string error)
        {
            var path = error[(error.IndexOf(" for '", StringComparison.Ordinal) + 6)..error.LastIndexOf('\'')];
            return path.Length > 0 && char.IsAsciiDigit(path[^1]);
        }

        // "Expected one of "Small", ... for 'size' but found " Medium".": white space around the name, or a list.
        private static bool IsLenientEnumText(string error)
        {
            const string Found = " but found \"";
            var at = error.LastIndexOf(Found, StringComparison.Ordinal);
            if (!error.StartsWith("Expected one of ", StringComparison.Ordinal) || at < 0)
            {
                return false;
            }

            var value = error[(at + Found.Length)..^2];
            return value.Contains(',', StringComparison.Ordinal) || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])));
        }

        // Whether the document has prose before its JSON or content after it (counted to show the fuzz reaches it).
        private static bool HasTextAroundJson(byte[] document) => document.AsSpan().IndexOf((byte)'{') != 0 || document[^1] != (byte)'}';

        private (string? Value, string? Error) ReadOurs(byte[] document, IReadOnlyList<Range> pieces)
        {
            var reader = PartialJsonReader<T>.Create();
            var received = 0;
            try
            {
                foreach (var piece in pieces)
                {
                    received = piece.End.Value;
                    reader.Append(document.AsSpan(piece));
                }

                return (JsonSerializer.Serialize(reader.Complete(), Writing), null);
            }
            catch (ParallelResponseFormatException e)
            {
                // The error keeps everything received, up to and including the piece that failed.
                var text = Encoding.UTF8.GetString(document.AsSpan(0, received));
                return e.RawText == text ? (null, e.Message) : throw new InvalidOperationException($"the error's raw text is not what was received: {e.RawText}");
            }
        }

        private (string? Value, string? Error) ReadReference(byte[] document)
        {
            var start = document.AsSpan().IndexOf((byte)'{');
            if (start < 0)
            {
                return (null, "no '{'");
            }

            try
            {
                // One value from the first '{' on; what follows it is not read (as our reader does).
                var reader = new Utf8JsonReader(document.AsSpan(start));
                return (JsonSerializer.Serialize(JsonSerializer.Deserialize<T>(ref reader, options), Writing), null);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // System.Text.Json throws InvalidOperationException for a string with a lone surrogate.
                return (null, e.Message);
            }
        }

        // The document with each lone surrogate escape written as \uFFFD (and everything else as it is).
        private static byte[] LoneSurrogatesReplaced(byte[] document)
        {
            var text = Encoding.UTF8.GetString(document);
            var output = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] != '\\' || i + 1 >= text.Length)
                {
                    output.Append(text[i]);
                    continue;
                }

                if (CodeUnitAt(text, i) is not { } unit)
                {
                    output.Append(text, i, 2);
                    i++;
                    continue;
                }

                if (char.IsHighSurrogate(unit) && CodeUnitAt(text, i + 6) is { } low && char.IsLowSurrogate(low))
                {
                    output.Append(text, i, 12);
                    i += 11;
                    continue;
                }

                output.Append(char.IsSurrogate(unit) ? "\\uFFFD" : text.Substring(i, 6));
                i += 5;
            }

            return Encoding.UTF8.GetBytes(output.ToString());
        }

        private static char? CodeUnitAt(string text, int i) =>
            i + 6 <= text.Length && text[i] == '\\' && text[i + 1] == 'u' && ushort.TryParse(text.AsSpan(i + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var unit) ? (char)unit : null;

        // The document with only the last occurrence of each property of each object (null when it is not JSON).
        private static byte[] LastOccurrences(byte[] document)
        {
            var start = document.AsSpan().IndexOf((byte)'{');
            try
            {
                var reader = new Utf8JsonReader(document.AsSpan(start));
                using var parsed = JsonDocument.ParseValue(ref reader);
                var output = new ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
                {
                    Write(parsed.RootElement, writer);
                }

                return output.WrittenSpan.ToArray();
            }
            catch (JsonException)
            {
                return [];
            }
        }

        private static void Write(JsonElement element, Utf8JsonWriter writer)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var last = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    foreach (var property in element.EnumerateObject())
                    {
                        last[property.Name] = property.Value;
                    }

                    writer.WriteStartObject();
                    foreach (var (name, value) in last)
                    {
                        writer.WritePropertyName(name);
                        Write(value, writer);
                    }

                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (var item in element.EnumerateArray())
                    {
                        Write(item, writer);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    element.WriteTo(writer);
                    break;
            }
        }
    }
}
