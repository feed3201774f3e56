using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

namespace StructuredChat;

/// <summary>
/// A <see cref="ParallelChatClient"/> seen as an <see cref="IChatClient"/> (see
/// <see cref="ParallelChatClient.AsIChatClient"/> for what maps to what).
/// </summary>
internal sealed class ParallelChatClientAdapter(ParallelChatClient client) : IChatClient
{
    private const string ProviderName = "parallel";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        (ParallelChatRequest request, ParallelModel model, ChatSchema? schema) = ToRequest(messages, options);
        ParallelTextResponse answer = await client.AskTextAsync(request, schema, cancellationToken).ConfigureAwait(false);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer.Text) { RawRepresentation = answer })
        {
            ModelId = model.Name,
            FinishReason = ChatFinishReason.Stop,
            RawRepresentation = answer,
            Usage = UsageOf(answer.ResponsesDetails),
        };
        SetIdsAndBasis(answer.InteractionId, answer.BasisEntries, id => response.ResponseId = response.ConversationId = id, response.AdditionalProperties ??= []);
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        (ParallelChatRequest request, ParallelModel model, ChatSchema? schema) = ToRequest(messages, options);
        await foreach (ParallelTextStreamUpdate step in client.StreamTextAsync(request, schema, cancellationToken).ConfigureAwait(false))
        {
            List<AIContent> contents = step.Delta.Length == 0 ? [] : [new TextContent(step.Delta)];
            if (UsageOf(step.ResponsesDetails) is { } usage)
            {
                contents.Add(new UsageContent(usage));
            }

            var update = new ChatResponseUpdate(ChatRole.Assistant, contents)
            {
                ModelId = model.Name,
                RawRepresentation = step,
            };
            if (step.IsComplete)
            {
                update.FinishReason = ChatFinishReason.Stop;
                SetIdsAndBasis(step.InteractionId, step.BasisEntries, id => update.ResponseId = update.ConversationId = id, update.AdditionalProperties ??= []);
            }

            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            ParallelModel model = client.DefaultModel;
            return new ChatClientMetadata(ProviderName, model.Api == ParallelApi.Responses ? client.ResponsesEndpoint : client.Endpoint, model.Name);
        }

        return serviceType.IsInstanceOfType(client) ? client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Nothing to release: the <see cref="ParallelChatClient"/> belongs to whoever made it.</summary>
    public void Dispose()
    {
    }

    private static void SetIdsAndBasis(string? interactionId, IReadOnlyList<FieldBasis> basis, Action<string> setIds, AdditionalPropertiesDictionary properties)
    {
        if (interactionId is not null)
        {
            setIds(interactionId);
        }

        properties[ParallelChatProperties.Basis] = ParallelChatProperties.ToJson(basis);
    }

    /// <summary>The Responses API's token counts (estimates), as Microsoft.Extensions.AI's usage.</summary>
    private static UsageDetails? UsageOf(ParallelResponsesDetails? details) => details?.Usage is { } usage
        ? new UsageDetails { InputTokenCount = usage.InputTokens, OutputTokenCount = usage.OutputTokens, TotalTokenCount = usage.TotalTokens, CachedInputTokenCount = usage.CachedTokens, ReasoningTokenCount = usage.ReasoningTokens }
        : null;

    /// <summary>The model of a call: its id, and for the Responses API's <c>parallel</c> the tier asked by <see cref="ChatOptions.Reasoning"/>.</summary>
    private static ParallelModel? ModelOf(ChatOptions? options)
    {
        if (options?.ModelId is not { } modelId || string.IsNullOrWhiteSpace(modelId))
        {
            return null;
        }

        var model = new ParallelModel(modelId);
        return model.Api == ParallelApi.Responses && options.Reasoning?.Effort is { } effort
            ? ParallelModel.Responses(effort switch
            {
                ReasoningEffort.None or ReasoningEffort.Low => ParallelResearchEffort.Low,
                ReasoningEffort.Medium => ParallelResearchEffort.Medium,
                _ => ParallelResearchEffort.High,
            })
            : model;
    }

    private (ParallelChatRequest Request, ParallelModel Model, ChatSchema? Schema) ToRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (options?.Tools is { Count: > 0 })
        {
            throw new NotSupportedException("Parallel's Chat API has no tools (function calling); remove ChatOptions.Tools.");
        }

        var request = new ParallelChatRequest
        {
            Model = ModelOf(options),
            SystemPrompt = options?.Instructions,
            PreviousInteractionId = options?.ConversationId,
        };
        foreach (ChatMessage message in messages)
        {
            request.Messages.Add(new ParallelChatMessage(RoleOf(message.Role), TextOf(message)));
        }

        return (request, request.Model ?? client.DefaultModel, SchemaOf(options?.ResponseFormat));
    }

    private static ParallelChatRole RoleOf(ChatRole role) =>
        role == ChatRole.User ? ParallelChatRole.User
        : role == ChatRole.Assistant ? ParallelChatRole.Assistant
        : role == ChatRole.System ? ParallelChatRole.System
        : throw new NotSupportedException($"Parallel's Chat API takes system, user and assistant messages, not '{role.Value}'.");

    private static string TextOf(ChatMessage message)
    {
        foreach (AIContent content in message.Contents)
        {
            if (content is not (TextContent or TextReasoningContent or UsageContent))
            {
                throw new NotSupportedException($"Parallel's Chat API takes text only; a {message.Role.Value} message holds {content.GetType().Name}.");
            }
        }

        return message.Text;
    }

    private static ChatSchema? SchemaOf(ChatResponseFormat? format) => format switch
    {
        null or ChatResponseFormatText => null,
        ChatResponseFormatJson { Schema: { } schema } json => new ChatSchema(json.SchemaName ?? "response", JsonMarshal.GetRawUtf8Value(schema).ToArray()),
        _ => throw new NotSupportedException(
            "Parallel's Chat API takes a JSON schema as the response format, not plain JSON mode: use ChatResponseFormat.ForJsonSchema(...)."),
    };
}

/// <summary>A JSON schema to send as <c>response_format</c>: its name and its UTF-8 text.</summary>
internal sealed record ChatSchema(string Name, byte[] Utf8);
