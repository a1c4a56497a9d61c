using FlowOrleans.Streaming;

namespace FlowOrleans.ClientApi.Ingest;

/// <summary>The outcome of parsing one ingest body: the valid events in order, and an error per invalid one.</summary>
/// <param name="capacity">How many events the body probably holds, so the list is allocated once.</param>
public sealed class ParsedBatch(int capacity = 0)
{
    private readonly List<StreamEvent> _events = new(capacity);
    private List<IngestError>? _errors; // most bodies have none
    private int _lastAcceptedIndex = -1;

    /// <summary>The valid events, in request order.</summary>
    public IReadOnlyList<StreamEvent> Events => _events;

    /// <summary>The errors, one per rejected event, in request order.</summary>
    public IReadOnlyList<IngestError> Errors => (IReadOnlyList<IngestError>?)_errors ?? [];

    /// <summary>How many events the request held.</summary>
    public int Total => _events.Count + (_errors?.Count ?? 0);

    internal void Accept(int index, StreamEvent e)
    {
        _events.Add(e);
        _lastAcceptedIndex = index;
    }

    internal void Reject(int index, string error) => (_errors ??= []).Add(new IngestError(index, error));

    /// <summary>Takes back the last accepted event when it is the one at <paramref name="index"/> (an NDJSON line that turned out bad).</summary>
    internal void RemoveLastIfIndex(int index)
    {
        if (_lastAcceptedIndex == index)
        {
            _events.RemoveAt(_events.Count - 1);
            _lastAcceptedIndex = -1; // indexes only grow, so the event before it can never match
        }
    }
}

/// <summary>The body cannot be read as events at all (not JSON, empty, trailing data).</summary>
public sealed class MalformedBodyException(string message) : Exception(message);
