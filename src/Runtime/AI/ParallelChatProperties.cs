using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace StructuredChat;

/// <summary>
/// The names under which the Parallel <see cref="IChatClient"/> (<see cref="ParallelChatClient.AsIChatClient"/>) puts
/// Parallel's own data into <see cref="ChatResponse.AdditionalProperties"/> and
/// <see cref="ChatResponseUpdate.AdditionalProperties"/>.
/// </summary>
public static class ParallelChatProperties
{
    /// <summary>
    /// <c>parallel.basis</c>: the research basis as a <see cref="JsonElement"/> array in the wire's shape
    /// (<c>[{"field","reasoning","confidence","citations":[{"url","title","excerpts"}]}]</c>), so that it survives
    /// Microsoft.Extensions.AI's caching and serialization (also under NativeAOT). Read it with
    /// <see cref="GetBasis(AdditionalPropertiesDictionary?)"/>; typed calls map it onto the record
    /// (<see cref="TypedChatResponse{T}.Basis"/>). On a streamed answer it comes with the last update.
    /// </summary>
    public const string Basis = "parallel.basis";

    /// <summary>
    /// The basis entries in <paramref name="properties"/> (<see cref="Basis"/>); empty when there are none (the
    /// <c>speed</c> model, or another provider).
    /// </summary>
    /// <param name="properties">A response's or update's additional properties.</param>
    public static IReadOnlyList<FieldBasis> GetBasis(AdditionalPropertiesDictionary? properties)
    {
        if (properties is null || !properties.TryGetValue(Basis, out object? value) || value is not JsonElement { ValueKind: JsonValueKind.Array } json)
        {
            return [];
        }

        var entries = new List<FieldBasis>();
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(json));
        reader.Read();
        FieldBasisReader.ReadAndMerge(ref reader, entries);
        return entries;
    }

    /// <summary>The basis as the <see cref="JsonElement"/> stored under <see cref="Basis"/>.</summary>
    internal static JsonElement ToJson(IReadOnlyList<FieldBasis> entries)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (FieldBasis entry in entries)
            {
                Write(writer, entry);
            }

            writer.WriteEndArray();
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, FieldBasis entry)
    {
        writer.WriteStartObject();
        writer.WriteString("field"u8, entry.Field);
        writer.WriteString("reasoning"u8, entry.Reasoning);
        writer.WriteString("confidence"u8, entry.ConfidenceText);
        writer.WritePropertyName("citations"u8);
        writer.WriteStartArray();
        foreach (Citation citation in entry.Citations)
        {
            Write(writer, citation);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, Citation citation)
    {
        writer.WriteStartObject();
        writer.WriteString("url"u8, citation.Url);
        writer.WriteString("title"u8, citation.Title);
        writer.WritePropertyName("excerpts"u8);
        writer.WriteStartArray();
        foreach (string excerpt in citation.Excerpts)
        {
            writer.WriteStringValue(excerpt);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
