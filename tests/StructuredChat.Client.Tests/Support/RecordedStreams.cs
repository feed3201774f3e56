using System.Text;
using System.Text.Json;

namespace StructuredChat.Client.Tests;

/// <summary>The byte-exact OpenAI streams in tests/TestData/recorded-streams/openai-python.</summary>
internal static class RecordedStreams
{
    public static string Directory { get; } = RepositoryPaths.TestData("recorded-streams", "openai-python");

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".sse"));

    /// <summary>An independent oracle: the concatenated <c>delta.content</c> of choice 0, read with JsonDocument.</summary>
    public static string ContentOfChoice0(string name)
    {
        var text = new StringBuilder();
        foreach (string line in File.ReadAllLines(Path.Combine(Directory, name + ".sse")))
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            using JsonDocument chunk = JsonDocument.Parse(line["data: ".Length..]);
            foreach (JsonElement choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("index").GetInt32() == 0
                    && choice.GetProperty("delta").TryGetProperty("content", out JsonElement content)
                    && content.ValueKind == JsonValueKind.String)
                {
                    text.Append(content.GetString());
                }
            }
        }

        return text.ToString();
    }
}
