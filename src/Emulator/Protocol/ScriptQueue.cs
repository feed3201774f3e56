namespace StructuredChat.Emulator.Protocol;

/// <summary>Scripted responses in the order they were enqueued; a request takes the first one whose predicate it matches.</summary>
internal sealed class ScriptQueue
{
    private readonly List<(Func<EmulatorRequest, bool>? Predicate, ScriptedResponse Response)> _entries = [];

    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    public void Add(Func<EmulatorRequest, bool>? predicate, ScriptedResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Validate();
        lock (_entries)
        {
            _entries.Add((predicate, response));
        }
    }

    public ScriptedResponse? Take(EmulatorRequest request)
    {
        lock (_entries)
        {
            var index = _entries.FindIndex(e => e.Predicate is null || e.Predicate(request));
            if (index < 0)
            {
                return null;
            }

            var response = _entries[index].Response;
            _entries.RemoveAt(index);
            return response;
        }
    }
}
