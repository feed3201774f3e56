using System.Text;
using StructuredChat.Emulator.Synthesis;

namespace StructuredChat.Emulator.Protocol;

/// <summary>
/// Cuts an answer into token-sized chunks of 2 to 8 UTF-8 bytes. A cut may fall anywhere in the answer's text,
/// including inside its JSON escapes (<c>\"</c>, <c>\n</c>, <c>\uD83D\uDE80</c>), but never inside one character's
/// UTF-8 bytes: each chunk travels as its own JSON string in <c>delta.content</c>, and a JSON string can only
/// hold whole characters (a lone surrogate would make strict readers such as System.Text.Json fail). A cut that
/// lands inside a character moves to that character's end, so a chunk may reach 8 + 3 bytes.
/// </summary>
internal static class ContentChunker
{
    public const int MinBytes = 2;
    public const int MaxBytes = 8;

    public static List<string> Split(string content, SeededRandom random)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var chunks = new List<string>();
        var start = 0;
        while (start < bytes.Length)
        {
            var end = Math.Min(bytes.Length, start + random.Next(MinBytes, MaxBytes));
            while (end < bytes.Length && (bytes[end] & 0xC0) == 0x80)
            {
                end++;
            }

            chunks.Add(Encoding.UTF8.GetString(bytes, start, end - start));
            start = end;
        }

        return chunks;
    }
}
