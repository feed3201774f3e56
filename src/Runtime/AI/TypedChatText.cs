using System.Text.Json;
using Microsoft.Extensions.AI;
using StructuredChat.Streaming;

namespace StructuredChat;

/// <summary>
/// Reads the text contents of a chat response into a <see cref="PartialJsonReader{T}"/>, whole or update by update,
/// and turns the end of the answer into the validated value or a typed error.
/// </summary>
internal sealed class TypedChatText<T>
    where T : IParallelResponse<T>
{
    /// <summary>
    /// What Microsoft.Extensions.AI's OpenAI client puts in <see cref="ErrorContent.ErrorCode"/> for a model's
    /// <c>refusal</c>.
    /// </summary>
    private const string RefusalErrorCode = "Refusal";

    private readonly PartialJsonReader<T> _reader = PartialJsonReader<T>.Create();
    private string? _refusal;

    /// <summary>The generated schema as Microsoft.Extensions.AI's response format, built once per type.</summary>
    public static ChatResponseFormatJson ResponseFormat { get; } =
        ChatResponseFormat.ForJsonSchema(JsonElement.Parse(T.JsonSchemaUtf8), T.SchemaName);

    public Partial<T> Current => _reader.Current;

    /// <summary>Feeds the text of <paramref name="contents"/>; notes a refusal.</summary>
    /// <returns>What changed in <see cref="Current"/>, in order.</returns>
    /// <exception cref="ParallelResponseFormatException">The text so far cannot be the start of a <typeparamref name="T"/>.</exception>
    public IReadOnlyList<PartialChange> Append(IList<AIContent> contents)
    {
        IReadOnlyList<PartialChange> changes = [];
        List<PartialChange>? several = null;
        foreach (AIContent content in contents)
        {
            if (content is ErrorContent { ErrorCode: RefusalErrorCode } refusal)
            {
                _refusal += refusal.Message;
                continue;
            }

            if (content is not TextContent { Text.Length: > 0 } text)
            {
                continue;
            }

            PartialUpdate update = _reader.Append(text.Text.AsSpan());
            if (update.IsEmpty)
            {
                continue;
            }

            if (changes.Count == 0)
            {
                changes = update.Changes;
            }
            else
            {
                several ??= [.. changes];
                several.AddRange(update.Changes);
            }
        }

        return several ?? changes;
    }

    /// <summary>Ends the answer.</summary>
    /// <exception cref="ParallelRefusalException">The model refused.</exception>
    /// <exception cref="ParallelResponseFormatException">The text is not a <typeparamref name="T"/>; the exception keeps it whole.</exception>
    public TypedChatResponse<T> Complete(ChatResponse response)
    {
        if (_refusal is not null)
        {
            throw new ParallelRefusalException(_refusal);
        }

        T value;
        try
        {
            value = _reader.Complete();
        }
        catch (ParallelResponseFormatException e) when (response.FinishReason == ChatFinishReason.Length)
        {
            throw new ParallelResponseFormatException(
                "The answer was cut off (finish reason 'length') before its JSON was complete: " + e.Message, e.JsonPath, e.RawText, e);
        }
        catch (ParallelResponseFormatException e) when (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw new ParallelResponseFormatException(
                "The provider's content filter stopped the answer (finish reason 'content_filter'): " + e.Message, e.JsonPath, e.RawText, e);
        }

        return new TypedChatResponse<T>(value, response, _reader.RawText);
    }
}
