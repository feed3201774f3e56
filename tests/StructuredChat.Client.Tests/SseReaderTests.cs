using System.Net.ServerSentEvents;
using System.Text;

namespace StructuredChat.Client.Tests;

/// <summary>
/// The client's own SSE reader against System.Net.ServerSentEvents' <see cref="SseParser"/> as the oracle: the same
/// events (name or not, data) for documents in every line-ending style, read in random chunk sizes.
/// </summary>
public sealed class SseReaderTests
{
    public static TheoryData<string> Documents => new()
    {
        "data: a\n\ndata: b\n\n",
        "data: a\r\n\r\ndata: b\r\n\r\n",
        "data: a\r\rdata: b\r\r",
        "\uFEFFdata: after a byte order mark\n\n",
        ": comment\n\nevent: ping\ndata: {}\n\ndata: x\n\n",
        "data: first line\ndata: second line\ndata\ndata:no space\n\n",
        "event: message\ndata: named message counts as unnamed\n\n",
        "id: 7\nretry: 10\nunknown: field\ndata: with other fields\n\n",
        "data:\n\ndata:  two spaces keep one\n\n",
        "data: unfinished at the end is dropped\n\ndata: dropped",
        "data: a\r\n\rdata: mixed\n\r\n",
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Events_match_SseParser_whatever_the_chunking(string document)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(document);
        List<(bool Named, string Data)> expected = [];
        await foreach (SseItem<string> item in SseParser.Create(new MemoryStream(bytes)).EnumerateAsync())
        {
            expected.Add((item.EventType != SseParser.EventTypeDefault, item.Data));
        }

        int seed = document.Length * 7919;
        var random = new Random(seed);
        for (int round = 0; round < 50; round++)
        {
            int maxRead = round == 0 ? 1 : random.Next(1, bytes.Length + 2);
            List<(bool Named, string Data)> actual = await ReadAll(new TrackedStream(bytes, maxRead), maxEventBytes: 1024);
            Assert.True(expected.SequenceEqual(actual), $"seed {seed}, round {round}, reads of at most {maxRead} bytes: expected [{string.Join(" | ", expected)}], got [{string.Join(" | ", actual)}]");
        }
    }

    /// <summary>Where <see cref="SseParser"/> departs from the format, the reader follows the format.</summary>
    [Theory]
    [InlineData("event:\ndata: an empty name is the default\n\n", false)]
    [InlineData("event: ping\n\ndata: a name ends with its event, even one without data\n\n", false)]
    [InlineData("event: ping\ndata: {}\n\n", true)]
    public async Task An_event_is_named_only_by_a_non_empty_name_of_its_own(string document, bool named)
    {
        List<(bool Named, string Data)> events = await ReadAll(new TrackedStream(Encoding.UTF8.GetBytes(document), 3), maxEventBytes: 1024);

        Assert.Equal(named, Assert.Single(events).Named);
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_a_limit_error_even_before_its_end_arrives()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("data: " + new string('x', 5000));

        var e = await Assert.ThrowsAsync<ParallelLimitExceededException>(() => ReadAll(new TrackedStream(bytes, 100), maxEventBytes: 1000));

        Assert.Equal(ParallelLimitKind.EventBytes, e.Limit);
        Assert.Equal(1000, e.LimitBytes);
    }

    [Fact]
    public async Task Data_lines_that_add_up_past_the_limit_are_a_limit_error()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 20; i++)
        {
            text.Append("data: ").Append(new string('y', 90)).Append('\n');
        }

        var e = await Assert.ThrowsAsync<ParallelLimitExceededException>(() => ReadAll(new TrackedStream(Encoding.UTF8.GetBytes(text.Append('\n').ToString()), 64), maxEventBytes: 1000));

        Assert.Equal(ParallelLimitKind.EventBytes, e.Limit);
    }

    private static async Task<List<(bool Named, string Data)>> ReadAll(Stream stream, int maxEventBytes)
    {
        using var reader = new SseReader(stream, maxEventBytes, () => { });
        List<(bool Named, string Data)> events = [];
        while (await reader.ReadAsync(CancellationToken.None))
        {
            events.Add((reader.IsNamed, Encoding.UTF8.GetString(reader.Data)));
        }

        return events;
    }
}
