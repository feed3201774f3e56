using System.Buffers;
using System.Text.Json;
using StructuredChat.Emulator.Synthesis;

namespace StructuredChat.Emulator.Protocol;

internal static class Json
{
    /// <summary>UTF-8 JSON written by <paramref name="write"/>, escaped the way the answers are.</summary>
    public static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, AnswerSynthesizer.WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
