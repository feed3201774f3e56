using System.Text;
using System.Text.Json;
using StructuredChat.Tests.Shared;

namespace StructuredChat.Runtime.Tests.Streaming;

/// <summary>Reads the recorded OpenAI streams in tests/TestData: the delta.content of choice 0, chunk by chunk.</summary>
internal static class RecordedStreams
{
    public static string PathOf(string file) =>
        RepositoryPaths.TestData("recorded-streams", "openai-python", file);

    public static List<string> ContentChunks(string file)
    {
        var chunks = new List<string>();
        foreach (var line in File.ReadAllLines(PathOf(file), Encoding.UTF8))
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal) || line == "data: [DONE]")
            {
                continue;
            }

            using var document = JsonDocument.Parse(line["data: ".Length..]);
            foreach (var choice in document.RootElement.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("index").GetInt32() == 0
                    && choice.TryGetProperty("delta", out var delta)
                    && delta.TryGetProperty("content", out var content)
                    && content.ValueKind == JsonValueKind.String)
                {
                    chunks.Add(content.GetString()!);
                }
            }
        }

        return chunks;
    }
}
