using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace StructuredChat;

/// <summary>
/// Typed answers from any <see cref="IChatClient"/> (OpenAI, Azure OpenAI, Ollama, a <c>ChatClientBuilder</c>
/// pipeline...): the generated JSON schema of a <see cref="ParallelResponseAttribute"/> type is sent as
/// <see cref="ChatOptions.ResponseFormat"/>, and the answer's text is read by the streaming reader, so a stream gives
/// a growing <see cref="Streaming.Partial{T}"/> and then the validated value. No reflection: trimming- and NativeAOT-safe.
/// </summary>
/// <remarks>
/// The text of every <see cref="TextContent"/> of the response is read, in order, as one answer; text before the
/// first <c>{</c> (prose, a Markdown fence) and after the last <c>}</c> is skipped. Unlike Microsoft.Extensions.AI's
/// <c>GetResponseAsync&lt;T&gt;</c>, the schema is never put into a prompt: the client must support JSON schema
/// response formats (OpenAI, Azure OpenAI, Ollama and Parallel do).
/// </remarks>
public static class TypedChatClientExtensions
{
    /// <summary>Asks <paramref name="client"/> for an answer of type <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type; its generated schema is the response format.</typeparam>
    /// <param name="client">Any chat client.</param>
    /// <param name="prompt">The question, sent as one user message.</param>
    /// <param name="options">The call's options (model, temperature...); copied, never changed. Leave <see cref="ChatOptions.ResponseFormat"/> unset.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The validated value and the provider's response.</returns>
    /// <exception cref="ParallelResponseFormatException">The answer is not a <typeparamref name="T"/> (malformed, truncated or mismatching JSON); it keeps the raw text.</exception>
    /// <exception cref="ParallelRefusalException">The model refused.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> already has a response format.</exception>
    public static Task<TypedChatResponse<T>> AskAsync<T>(this IChatClient client, string prompt, ChatOptions? options = null, CancellationToken cancellationToken = default)
        where T : IParallelResponse<T>
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return client.AskAsync<T>([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken);
    }

    /// <summary>Asks <paramref name="client"/> for an answer of type <typeparamref name="T"/> to a conversation.</summary>
    /// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type; its generated schema is the response format.</typeparam>
    /// <param name="client">Any chat client.</param>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The call's options (model, temperature...); copied, never changed. Leave <see cref="ChatOptions.ResponseFormat"/> unset.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The validated value and the provider's response.</returns>
    /// <exception cref="ParallelResponseFormatException">The answer is not a <typeparamref name="T"/> (malformed, truncated or mismatching JSON); it keeps the raw text.</exception>
    /// <exception cref="ParallelRefusalException">The model refused.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> already has a response format.</exception>
    public static async Task<TypedChatResponse<T>> AskAsync<T>(this IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        where T : IParallelResponse<T>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(messages);
        ChatOptions typedOptions = WithSchema<T>(options);
        ChatResponse response = await client.GetResponseAsync(messages, typedOptions, cancellationToken).ConfigureAwait(false);
        var text = new TypedChatText<T>();
        foreach (ChatMessage message in response.Messages)
        {
            text.Append(message.Contents);
        }

        return text.Complete(response);
    }

    /// <summary>Streams an answer of type <typeparamref name="T"/> from <paramref name="client"/>: the partial object grows as the JSON arrives.</summary>
    /// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type; its generated schema is the response format.</typeparam>
    /// <param name="client">Any chat client.</param>
    /// <param name="prompt">The question, sent as one user message.</param>
    /// <param name="options">The call's options (model, temperature...); copied, never changed. Leave <see cref="ChatOptions.ResponseFormat"/> unset.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>An update per change of the partial object; the last carries the validated value and the combined response.</returns>
    /// <exception cref="ParallelResponseFormatException">The answer is not a <typeparamref name="T"/>: thrown as soon as the text cannot become one, or at the end; it keeps the raw text.</exception>
    /// <exception cref="ParallelRefusalException">The model refused.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> already has a response format.</exception>
    public static IAsyncEnumerable<TypedChatResponseUpdate<T>> StreamAsync<T>(this IChatClient client, string prompt, ChatOptions? options = null, CancellationToken cancellationToken = default)
        where T : IParallelResponse<T>
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return client.StreamAsync<T>([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken);
    }

    /// <summary>Streams an answer of type <typeparamref name="T"/> to a conversation from <paramref name="client"/>.</summary>
    /// <typeparam name="T">A <see cref="ParallelResponseAttribute"/> type; its generated schema is the response format.</typeparam>
    /// <param name="client">Any chat client.</param>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The call's options (model, temperature...); copied, never changed. Leave <see cref="ChatOptions.ResponseFormat"/> unset.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>An update per change of the partial object; the last carries the validated value and the combined response.</returns>
    /// <exception cref="ParallelResponseFormatException">The answer is not a <typeparamref name="T"/>: thrown as soon as the text cannot become one, or at the end; it keeps the raw text.</exception>
    /// <exception cref="ParallelRefusalException">The model refused.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> already has a response format.</exception>
    public static IAsyncEnumerable<TypedChatResponseUpdate<T>> StreamAsync<T>(this IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        where T : IParallelResponse<T>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(messages);
        return StreamCoreAsync<T>(client, messages, WithSchema<T>(options), cancellationToken);
    }

    private static async IAsyncEnumerable<TypedChatResponseUpdate<T>> StreamCoreAsync<T>(
        IChatClient client,
        IEnumerable<ChatMessage> messages,
        ChatOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : IParallelResponse<T>
    {
        var text = new TypedChatText<T>();
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            // Kept for the combined response (usage, ids, finish reason) that the last update carries.
            updates.Add(update);
            IReadOnlyList<Streaming.PartialChange> changes = text.Append(update.Contents);
            if (changes.Count > 0)
            {
                yield return new TypedChatResponseUpdate<T>(text.Current, changes, update, null);
            }
        }

        TypedChatResponse<T> response = text.Complete(updates.ToChatResponse());
        yield return new TypedChatResponseUpdate<T>(text.Current, [], null, response);
    }

    /// <summary>A copy of <paramref name="options"/> whose response format is <typeparamref name="T"/>'s generated schema.</summary>
    private static ChatOptions WithSchema<T>(ChatOptions? options)
        where T : IParallelResponse<T>
    {
        if (options?.ResponseFormat is { } format && !ReferenceEquals(format, TypedChatText<T>.ResponseFormat))
        {
            throw new ArgumentException(
                $"The typed call sends {typeof(T).Name}'s generated JSON schema as the response format; leave ChatOptions.ResponseFormat unset.",
                nameof(options));
        }

        ChatOptions copy = options?.Clone() ?? new ChatOptions();
        copy.ResponseFormat = TypedChatText<T>.ResponseFormat;
        return copy;
    }
}
