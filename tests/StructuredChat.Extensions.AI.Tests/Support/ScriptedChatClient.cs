using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace StructuredChat.Extensions.AI.Tests;

/// <summary>
/// An <see cref="IChatClient"/> that answers with scripted contents: one <see cref="ChatResponseUpdate"/> per entry
/// when streaming, all of them in one message otherwise. Records the options of every call.
/// </summary>
internal sealed class ScriptedChatClient(params IReadOnlyList<AIContent>[] updates) : IChatClient
{
    public List<ChatOptions?> Calls { get; } = [];

    public ChatFinishReason? FinishReason { get; init; } = ChatFinishReason.Stop;

    /// <summary>A client whose answer is <paramref name="texts"/>, one text update each.</summary>
    public static ScriptedChatClient Texts(IEnumerable<string> texts, ChatFinishReason? finishReason = null) =>
        new([.. texts.Select(t => (IReadOnlyList<AIContent>)[new TextContent(t)])]) { FinishReason = finishReason ?? ChatFinishReason.Stop };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add(options);
        var message = new ChatMessage(ChatRole.Assistant, [.. updates.SelectMany(u => u)]);
        return Task.FromResult(new ChatResponse(message) { FinishReason = FinishReason, ModelId = "scripted" });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls.Add(options);
        for (var i = 0; i < updates.Length; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, [.. updates[i]])
            {
                ModelId = "scripted",
                MessageId = "m1",
                FinishReason = i == updates.Length - 1 ? FinishReason : null,
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
