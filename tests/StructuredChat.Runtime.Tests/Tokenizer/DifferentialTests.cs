using System.Text;
using System.Text.Json;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Tokenizer;

/// <summary>
/// Random documents, valid and damaged, get the verdict and the tokens that <see cref="Utf8JsonReader"/> gives the
/// whole document, whatever the pieces they arrive in. Each case names its seed.
/// </summary>
public sealed class DifferentialTests
{
    private const int FirstSeed = 90210;

    private static readonly string[] s_stringPieces =
    [
        "a", "Z", " ", "é", "€", "😀", "ü", "<", "'", "\\n", "\\\"", "\\\\", "\\/", "\\t", "\\u00e9", "\\uD83D\\uDE00", "\\u0000",
    ];

    private static readonly string[] s_numbers =
    [
        "0", "-0", "1", "-12", "3.25", "1e5", "-1E-7", "0.0001", "123456789012345678901234567890", "2e+10", "1.5e308", "-0.0e0",
    ];

    private static readonly string[] s_whitespace = ["", "", "", " ", "\n  ", "\t", "\r\n"];

    private static readonly byte[] s_damage = "\"\\,:[]{}01.e-+ tux"u8.ToArray().Concat(new byte[] { 0x01, 0x0A, 0x80, 0xC3, 0xE2, 0xED, 0xF0, 0xFF }).ToArray();

    [Fact]
    public void Random_valid_documents_give_the_tokens_Utf8JsonReader_reads_in_random_pieces()
    {
        for (int seed = FirstSeed; seed < FirstSeed + 1000; seed++)
        {
            var random = new Random(seed);
            byte[] document = Encoding.UTF8.GetBytes(RandomValue(random, depth: 0));
            List<string> expected = TokenizerFeeding.ReferenceTokens(document);

            List<string> tokens = TokenizerFeeding.Tokenize(document, TokenizerFeeding.RandomPieces(document.Length, seed, 1 + random.Next(9)));

            Assert.True(expected.SequenceEqual(tokens), $"seed {seed}: {Encoding.UTF8.GetString(document)}");
        }
    }

    [Fact]
    public void Randomly_damaged_documents_get_Utf8JsonReaders_verdict_in_random_pieces()
    {
        int accepted = 0, rejected = 0;
        for (int seed = FirstSeed; seed < FirstSeed + 3000; seed++)
        {
            var random = new Random(seed);
            byte[] document = Damage(Encoding.UTF8.GetBytes(RandomValue(random, depth: 0)), random);
            List<string>? expected = ReferenceVerdict(document, out bool undecidable);
            if (undecidable)
            {
                continue;
            }

            foreach (IEnumerable<Range> pieces in new[] { [0..document.Length], TokenizerFeeding.RandomPieces(document.Length, seed, 1 + random.Next(9)) })
            {
                List<string>? tokens;
                try
                {
                    tokens = TokenizerFeeding.Tokenize(document, pieces);
                }
                catch (JsonStreamException)
                {
                    tokens = null;
                }

                string context = $"seed {seed}: {Convert.ToHexString(document)} ({Encoding.UTF8.GetString(document)})";
                Assert.True(expected is null == tokens is null, $"{context}: expected {(expected is null ? "rejection" : "acceptance")}");
                Assert.True(expected is null || expected.SequenceEqual(tokens!), context);
            }

            _ = expected is null ? rejected++ : accepted++;
        }

        // Both verdicts must be well represented for the comparison to mean something.
        Assert.True(accepted > 200 && rejected > 2000, $"{accepted} damaged documents accepted, {rejected} rejected");
    }

    // Null when Utf8JsonReader rejects the document (including strings it cannot decode). Lone surrogate escapes
    // are valid JSON that it cannot turn into a string, so such documents are undecidable here.
    private static List<string>? ReferenceVerdict(byte[] document, out bool undecidable)
    {
        undecidable = false;
        try
        {
            return TokenizerFeeding.ReferenceTokens(document);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("surrogate", StringComparison.Ordinal))
        {
            undecidable = true;
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string RandomValue(Random random, int depth)
    {
        int kind = random.Next(depth == 0 ? 2 : depth < 4 ? 7 : 5);
        string space = s_whitespace[random.Next(s_whitespace.Length)];
        return space + kind switch
        {
            0 when depth > 0 || random.Next(8) > 0 => "{" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ =>
                space + RandomString(random) + space + ":" + RandomValue(random, depth + 1))) + space + "}",
            0 => s_numbers[random.Next(s_numbers.Length)],
            1 when random.Next(8) > 0 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))) + space + "]",
            1 => RandomString(random),
            2 => RandomString(random),
            3 => s_numbers[random.Next(s_numbers.Length)],
            4 => new[] { "true", "false", "null" }[random.Next(3)],
            5 => "{" + space + RandomString(random) + ":" + RandomValue(random, depth + 1) + "}",
            _ => "[" + RandomValue(random, depth + 1) + "," + RandomValue(random, depth + 1) + "]",
        } + space;
    }

    private static string RandomString(Random random) =>
        "\"" + string.Concat(Enumerable.Range(0, random.Next(8)).Select(_ => s_stringPieces[random.Next(s_stringPieces.Length)])) + "\"";

    private static byte[] Damage(byte[] document, Random random)
    {
        var bytes = document.ToList();
        for (int edits = 1 + random.Next(2); edits > 0 && bytes.Count > 0; edits--)
        {
            int at = random.Next(bytes.Count);
            byte b = s_damage[random.Next(s_damage.Length)];
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = b;
                    break;
                case 1:
                    bytes.Insert(at, b);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
