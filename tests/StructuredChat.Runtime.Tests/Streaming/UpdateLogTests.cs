using System.Text;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Streaming;

/// <summary>
/// An update with more than two changes keeps them in the reader's change log (runs of compact codes in blocks), not
/// in an array of its own. Over a long answer, at any split, including pieces far larger than a block, every update
/// must still say what it said when it was returned, and together they must tell the whole story once.
/// </summary>
public sealed class UpdateLogTests
{
    [Theory]
    [InlineData(1, 1, 16)]
    [InlineData(2, 16, 200)]
    [InlineData(3, 200, 5_000)]
    [InlineData(4, 1, 100_000)]
    public void Updates_kept_over_a_long_answer_still_say_what_they_said_and_complete_every_value_once_in_order(int seed, int minPiece, int maxPiece)
    {
        const int Founders = 3_000;
        var random = new Random(seed);
        var json = new StringBuilder("""{"name":"Parallel","founded":"2023-06-15","founders":[""");
        for (var i = 0; i < Founders; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append(i % 3 == 0 ? $$"""{"name":"F{{i}}","role":null}""" : $$"""{"name":"Founder \"{{i}}\"","role":"r{{i}}"}""");
        }

        var document = Encoding.UTF8.GetBytes(json.Append("""],"size":"Small"}""").ToString());

        var reader = PartialJsonReader<CompanyInfo>.Create();
        var kept = new List<(PartialUpdate Update, string Said, string[] Completed)>();
        for (var start = 0; start < document.Length;)
        {
            var size = Math.Min(random.Next(minPiece, maxPiece + 1), document.Length - start);
            var update = reader.Append(document.AsSpan(start, size));
            start += size;
            var completed = update.Changes.Where(change => change.IsCompleted).Select(change => change.Path).ToArray();
            kept.Add((update, update.ToString(), completed));
        }

        Assert.True(reader.IsComplete);
        foreach (var (update, said, completed) in kept)
        {
            Assert.Equal(said, update.ToString());

            // Completed(path) answers from the kept changes without listing them: the same answer as the list (the first
            // and last few of a large update: each question reads the whole update).
            foreach (var path in completed.Take(5).Concat(completed.TakeLast(5)))
            {
                Assert.True(update.Completed(path), $"'{path}' completed in '{said}', but Completed says not");
            }

            Assert.False(update.Completed("founders.999999"));
        }

        // The story, from the document's shape: each founder's name, role and the founder itself, in order.
        var expected = new List<string> { "name", "founded" };
        for (var i = 0; i < Founders; i++)
        {
            expected.AddRange([$"founders.{i}.name", $"founders.{i}.role", $"founders.{i}"]);
        }

        expected.AddRange(["founders", "size"]);
        Assert.Equal(expected, kept.SelectMany(k => k.Update.Changes).Where(change => change.IsCompleted).Select(change => change.Path));
        Assert.Equal(Founders, kept.SelectMany(k => k.Update.Changes).Count(change => change.Kind == PartialChangeKind.ElementAdded));
    }

    [Fact]
    public void Elements_at_indices_of_every_encoded_length_keep_their_index()
    {
        // Indices are kept in one byte up to 6 and in up to five more after it: past 2,097,158 an index takes four.
        const int Count = 2_100_000;
        var json = new StringBuilder("""{"tags":[],"counts":[""", (Count * 2) + 64);
        for (var i = 0; i < Count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append((char)('0' + (i % 10)));
        }

        var document = Encoding.UTF8.GetBytes(json.Append("]}").ToString());
        var reader = PartialJsonReader<Collections>.Create();
        var kept = new List<PartialUpdate>();
        for (var start = 0; start < document.Length; start += 64)
        {
            kept.Add(reader.Append(document.AsSpan(start, Math.Min(64, document.Length - start))));
        }

        // Read after the whole answer: each update still names the elements it added, every index once, in order.
        var next = 0;
        foreach (var update in kept)
        {
            foreach (var change in update.Changes)
            {
                if (change.Kind == PartialChangeKind.ElementAdded)
                {
                    Assert.Equal($"counts.{next}", change.Path);
                    next++;
                }
            }
        }

        Assert.Equal(Count, next);
        Assert.Equal(Count, reader.Current.Counts!.Count);
    }
}
