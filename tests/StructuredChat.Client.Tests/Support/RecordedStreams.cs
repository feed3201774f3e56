using System.Text;
using System.Text.Json;

namespace StructuredChat.Client.Tests;

/// <summary>The byte-exact OpenAI streams in the shared test data, found beside the repository.</summary>
internal static class RecordedStreams
{
    public static string Directory { get; } = Locate();

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

    private static string Locate()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StructuredChat.sln")))
            {
                string recorded = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata", "recorded-streams", "openai-python"));
                Assert.True(System.IO.Directory.Exists(recorded), "The recorded streams are missing at " + recorded);
                return recorded;
            }
        }

        throw new InvalidOperationException("StructuredChat.sln not found above " + AppContext.BaseDirectory);
    }
}
