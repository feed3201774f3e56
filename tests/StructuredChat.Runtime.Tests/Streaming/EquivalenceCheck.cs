using System.Text;
using System.Text.Json;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Streaming;

internal static class EquivalenceCheck
{
    /// <summary>
    /// Reads <paramref name="json"/> in the given pieces (null: whole) and asserts that the value equals what
    /// System.Text.Json deserializes from the whole text; values are compared through System.Text.Json's own
    /// serialization so that lists, doubles and dates compare by content.
    /// </summary>
    public static T Check<T>(string json, IReadOnlyList<Range>? pieces, JsonSerializerOptions options)
        where T : IParallelResponse<T>
    {
        var expected = JsonSerializer.Serialize(JsonSerializer.Deserialize<T>(json, options), options);
        var value = Read<T>(Encoding.UTF8.GetBytes(json), pieces);
        var actual = JsonSerializer.Serialize(value, options);
        Assert.Equal(expected, actual);
        return value;
    }

    public static T Read<T>(byte[] utf8, IReadOnlyList<Range>? pieces)
        where T : IParallelResponse<T>
    {
        var reader = PartialJsonReader<T>.Create();
        if (pieces is null)
        {
            reader.Append(utf8);
        }
        else
        {
            foreach (var piece in pieces)
            {
                reader.Append(utf8.AsSpan(piece));
            }
        }

        return reader.Complete();
    }

    public static List<Range> OneByte(int length) => Enumerable.Range(0, length).Select(i => new Range(i, i + 1)).ToList();
}
