using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using StructuredChat.Emulator;

namespace StructuredChat.Extensions.AI.Tests;

internal static class OpenAIChatClients
{
    /// <summary>Microsoft.Extensions.AI's OpenAI chat client, pointed at the emulator's Chat endpoint.</summary>
    public static IChatClient Create(ParallelEmulator emulator, string model) =>
        new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(emulator.ApiKey), new OpenAIClientOptions { Endpoint = emulator.BaseUrl, NetworkTimeout = TimeSpan.FromSeconds(20) })
            .AsIChatClient();
}
