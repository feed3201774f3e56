using System.Text;
using System.Text.Json;

namespace StructuredChat.Client.Tests;

/// <summary>
/// Chunks shaped like an earlier one are read by their content string only (the bytes around it must match a chunk
/// read in full). That shortcut must never change what is read: streams of chunks in several real shapes, with
/// content of every kind and chunks broken in every way that keeps the bytes around the content (a raw quote, a broken
/// escape, a field smuggled into the content, a control character, invalid UTF-8), are read by a reader with the
/// shortcut and by one that reads every chunk in full; content, errors, basis, id and finish reason must agree.
/// </summary>
public sealed class ChatEnvelopeTemplateTests
{
    private static readonly string[] Shapes =
    [
        // OpenAI's chunk, index first.
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1750000000,"model":"base","choices":[{"index":0,"delta":{"content":@},"logprobs":null,"finish_reason":null}]}""",
        // The delta before the index; two choices, the second with its own content.
        """{"choices":[{"delta":{"role":"assistant","content":@},"index":0},{"index":1,"delta":{"content":"other"}}],"id":"x"}""",
        // No index (counts as 0), a field after the content.
        """{"choices":[{"delta":{"content":@,"extra":[1,{"a":null}]}}]}""",
        // Choice 1 only: its content is not the answer.
        """{"choices":[{"index":1,"delta":{"content":@}}]}""",
        // Stateful fields beside the content: never a template.
        """{"choices":[{"index":0,"delta":{"content":@},"finish_reason":"stop"}],"interaction_id":"int_1","basis":[{"field":"a","reasoning":"r","citations":[],"confidence":"high"}]}""",
        // Two content keys: both count.
        """{"choices":[{"index":0,"delta":{"content":@,"content":"+tail"}}]}""",
    ];

    [Fact]
    public void Reading_by_template_agrees_with_reading_every_chunk_in_full()
    {
        int seed = Environment.GetEnvironmentVariable("ENVELOPE_FUZZ_SEED") is { } fixedSeed ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        var random = new Random(seed);
        int shortcuts = 0;
        for (int stream = 0; stream < 300; stream++)
        {
            using var fast = new ChatEnvelopeReader();
            using var full = new ChatEnvelopeReader(useTemplates: false);
            string shape = Shapes[random.Next(Shapes.Length)];
            for (int chunk = 0; chunk < 40; chunk++)
            {
                // Mostly one shape per stream, as servers send; now and then another.
                string thisShape = random.Next(10) == 0 ? Shapes[random.Next(Shapes.Length)] : shape;
                byte[] bytes = Chunk(thisShape, random);
                string context = $"seed {seed} (ENVELOPE_FUZZ_SEED), stream {stream}, chunk {chunk}: {Encoding.UTF8.GetString(bytes)}";
                (string? fastContent, string? fastError) = Read(fast, bytes);
                (string? fullContent, string? fullError) = Read(full, bytes);
                Assert.True(fastError == fullError, $"{context}\nerror {fastError ?? "none"} with templates, {fullError ?? "none"} without");
                Assert.True(fastContent == fullContent, $"{context}\ncontent '{fastContent}' with templates, '{fullContent}' without");
                if (fastError is null && fast.ReadByTemplate)
                {
                    shortcuts++;
                }

                Assert.Equal(full.InteractionId, fast.InteractionId);
                Assert.Equal(full.FinishReason, fast.FinishReason);
                Assert.Equal(full.Basis.Count, fast.Basis.Count);
            }
        }

        // The shortcut was taken (else this test compares the full read with itself).
        Assert.True(shortcuts > 1000, $"only {shortcuts} chunks were read by template (seed {seed})");
    }

    private static (string? Content, string? Error) Read(ChatEnvelopeReader reader, byte[] bytes)
    {
        try
        {
            EnvelopeKind kind = reader.Read(bytes);
            return (kind + ":" + Encoding.UTF8.GetString(reader.Content), null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (null, e.GetType().Name);
        }
    }

    // A chunk of the shape with random content in place of @, sometimes broken between the quotes.
    private static byte[] Chunk(string shape, Random random)
    {
        string content = JsonSerializer.Serialize(RandomText(random));
        int at = shape.IndexOf('@', StringComparison.Ordinal);
        byte[] before = Encoding.UTF8.GetBytes(shape[..at]);
        byte[] after = Encoding.UTF8.GetBytes(shape[(at + 1)..]);
        byte[] middle = Encoding.UTF8.GetBytes(content);
        if (random.Next(4) == 0)
        {
            middle = Break(middle, random);
        }

        return [.. before, .. middle, .. after];
    }

    private static byte[] Break(byte[] quoted, Random random)
    {
        var bytes = new List<byte>(quoted);
        int inside = 1 + random.Next(Math.Max(1, bytes.Count - 2));
        switch (random.Next(8))
        {
            case 0:
                bytes.Insert(inside, (byte)'"');
                break;
            case 1:
                bytes.InsertRange(inside, "\\x"u8.ToArray());
                break;
            case 2:
                bytes.InsertRange(inside, "\",\"role\":\"user"u8.ToArray());
                break;
            case 3:
                bytes.Insert(inside, (byte)'\n');
                break;
            case 4:
                bytes.Insert(inside, 0xC3);
                break;
            case 5:
                bytes.InsertRange(inside, "\\u12"u8.ToArray());
                break;
            case 6:
                // Not a string at all.
                return "null"u8.ToArray();
            default:
                bytes.Insert(inside, (byte)'\\');
                break;
        }

        return [.. bytes];
    }

    private static string RandomText(Random random)
    {
        string[] pieces = ["a", "word ", "\"", "\\", "\n", "\t", "é", "数据", "😀", "{\"k\":", "}", "\u0001", "/", " "];
        var text = new StringBuilder();
        int count = random.Next(0, 6);
        for (int i = 0; i < count; i++)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }

        return text.ToString();
    }
}
