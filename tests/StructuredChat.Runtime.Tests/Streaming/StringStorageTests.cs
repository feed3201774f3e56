using System.Text;
using System.Text.Json;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Streaming;

/// <summary>
/// A finished string value that nobody has read is kept as a run of the reader's string store, not as an object of its
/// own (issue 12: a list of thousands of objects kept an object per string value alive to the end). These tests pin
/// what a user sees: any text, read at any time, in any order, says what it said when it was read, and equals the
/// final value once complete.
/// </summary>
public sealed class StringStorageTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Texts_read_at_random_times_keep_what_they_showed_and_every_text_ends_as_the_final_value(int seed)
    {
        var random = new Random(seed);

        // Enough founders that the string store spans several of its 16 KB segments, with escapes, non-ASCII and
        // surrogate pairs, empty names and null roles.
        var expected = new CompanyInfo("Company \"A\" — ünïcode", null, [.. Enumerable.Range(0, 2_500).Select(i => new Person(NameOf(random, i), i % 5 == 0 ? null : RoleOf(random, i)))], CompanySize.Medium);
        var document = JsonSerializer.SerializeToUtf8Bytes(expected, Corpus.SnakeCase);

        var reader = PartialJsonReader<CompanyInfo>.Create();
        var kept = new List<(PartialText Text, string Shown, string Where)>();
        for (var start = 0; start < document.Length;)
        {
            var size = Math.Min(random.Next(1, 40), document.Length - start);
            reader.Append(document.AsSpan(start, size));
            start += size;

            // Now and then read some founder, finished or still growing, and keep the text to check later.
            if (random.Next(4) == 0 && reader.Current.Founders is { Count: > 0 } founders)
            {
                var at = random.Next(2) == 0 ? founders.Count - 1 : random.Next(founders.Count);
                var founder = founders[at];
                if (founder.Name is { } name)
                {
                    kept.Add((name, name.ToString(), $"founders.{at}.name after {start} bytes"));
                }

                if (founder.Role is { } role)
                {
                    kept.Add((role, role.ToString(), $"founders.{at}.role after {start} bytes"));
                }
            }
        }

        Assert.True(kept.Count > 100, $"only {kept.Count} texts were read");
        foreach (var (text, shown, where) in kept)
        {
            Assert.True(text.Equals(shown), $"{where}: read as '{shown}', now '{text}'");
            Assert.Equal(shown, text.ToString());
        }

        // Every text, read for the first time or again, is the final value and complete.
        var partial = reader.Current.Founders!;
        Assert.Equal(expected.Founders.Count, partial.Count);
        for (var i = 0; i < partial.Count; i++)
        {
            Assert.Equal(expected.Founders[i].Name, partial[i].Name);
            Assert.Equal(expected.Founders[i].Role, partial[i].Role);
            Assert.Equal(PartialValueState.Complete, PartialState.Of(partial[i]).Name);
            Assert.Equal(PartialValueState.Complete, PartialState.Of(partial[i]).Role);
            Assert.True(partial[i].Name!.Value.IsComplete);
        }

        Assert.Equal(expected.Name, reader.Current.Name);
        var result = reader.Complete();
        Assert.Equal(expected.Founders, result.Founders);
        Assert.Equal(expected.Name, result.Name);
    }

    [Fact]
    public void A_finished_text_read_twice_is_the_same_string_and_a_list_of_strings_reads_unread_elements()
    {
        var reader = PartialJsonReader<Text>.Create();
        reader.Append("""{"body":"b\u00e9","note":"n","lines":["one","tw\"o",""]}"""u8);

        string first = reader.Current.Body!;
        Assert.Equal("bé", first);
        Assert.Same(first, (string)reader.Current.Body!);

        var lines = reader.Current.Lines!;
        Assert.Equal(["one", "tw\"o", ""], lines.Select(line => line!.Value.ToString()));
        Assert.All(lines, line => Assert.True(line!.Value.IsComplete));
        Assert.Equal(new Text("bé", "n", ["one", "tw\"o", ""]).Lines, reader.Complete().Lines);
    }

    [Fact]
    public void A_text_held_while_it_grew_keeps_its_characters_when_later_values_stream()
    {
        var reader = PartialJsonReader<CompanyInfo>.Create();
        reader.Append("""{"name":"Para"""u8);
        var held = reader.Current.Name!.Value;
        reader.Append("""llel","founders":[{"name":"Ada","role":"CEO"},{"name":"Grace","role":"CTO"}]"""u8);
        Assert.Equal("Para", held.ToString());
        Assert.Equal("Parallel", reader.Current.Name);
        Assert.Equal("Grace", reader.Current.Founders![1].Name);
        Assert.Equal("CEO", reader.Current.Founders![0].Role);
    }

    [Fact]
    public void A_string_value_nobody_reads_while_streaming_costs_its_bytes_not_an_object()
    {
        // Two documents of the same length: each founder's role is null in one and a two-character string in the other
        // ("ab" is as long as null). Before, each string value kept an object of 56 bytes; now only its bytes.
        const int Founders = 10_000;
        var withNull = DocumentWithRoles(Founders, "null");
        var withText = DocumentWithRoles(Founders, "\"ab\"");
        Assert.Equal(withNull.Length, withText.Length);

        ReadWithoutLooking(withText);
        var nullRoles = Allocated(withNull);
        var textRoles = Allocated(withText);
        Assert.True(textRoles - nullRoles < 16L * Founders, $"{Founders} string values cost {textRoles - nullRoles} bytes more than {Founders} nulls");
    }

    private static byte[] DocumentWithRoles(int count, string role)
    {
        var json = new StringBuilder("""{"name":"n","founded":null,"founders":[""");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append($$"""{"name":"Person {{i:D5}}","role":{{role}}}""");
        }

        return Encoding.UTF8.GetBytes(json.Append("""],"size":"Small"}""").ToString());
    }

    private static long Allocated(byte[] document)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        ReadWithoutLooking(document);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void ReadWithoutLooking(byte[] document)
    {
        var reader = PartialJsonReader<CompanyInfo>.Create();
        for (var start = 0; start < document.Length; start += 4)
        {
            reader.Append(document.AsSpan(start, Math.Min(4, document.Length - start)));
        }

        Assert.True(reader.IsComplete);
    }

    private static string NameOf(Random random, int i) => (i % 7) switch
    {
        0 => string.Empty,
        1 => $"Ada \"{i}\" Lovelace",
        2 => $"Émile {i} 数据 😀",
        3 => new string('x', random.Next(1, 300)),
        _ => $"Person {i}\t\\{random.Next(1000)}",
    };

    private static string RoleOf(Random random, int i) => random.Next(3) switch
    {
        0 => "CEO",
        1 => $"role {i} \u2028 naïve",
        _ => string.Empty,
    };
}
