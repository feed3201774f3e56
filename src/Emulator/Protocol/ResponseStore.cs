namespace StructuredChat.Emulator.Protocol;

/// <summary>
/// The responses a <c>previous_response_id</c> can name: the last N the Responses endpoint answered (Parallel stores
/// every response; the emulator keeps a bounded number, oldest forgotten first), each with the conversation so far.
/// </summary>
internal sealed class ResponseStore(int capacity)
{
    private readonly Dictionary<string, string> _conversations = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public bool Contains(string id)
    {
        lock (_conversations)
        {
            return _conversations.ContainsKey(id);
        }
    }

    public string? Conversation(string id)
    {
        lock (_conversations)
        {
            return _conversations.GetValueOrDefault(id);
        }
    }

    public void Add(string id, string conversation)
    {
        lock (_conversations)
        {
            _conversations[id] = conversation;
            _order.Enqueue(id);
            while (_order.Count > capacity)
            {
                _conversations.Remove(_order.Dequeue());
            }
        }
    }
}
