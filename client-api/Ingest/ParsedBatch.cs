using FlowOrleans.Streaming;

namespace FlowOrleans.ClientApi.Ingest;

/// <summary>The outcome of parsing one ingest body: the valid events in order, and an error per invalid one.</summary>
public sealed class ParsedBatch
{
    private readonly List<StreamEvent> _events = [];
    private readonly List<int> _indexes = [];
    private readonly List<IngestError> _errors = [];

    /// <summary>The valid events, in request order.</summary>
    public IReadOnlyList<StreamEvent> Events => _events;

    /// <summary>The errors, one per rejected event, in request order.</summary>
    public IReadOnlyList<IngestError> Errors => _errors;

    /// <summary>How many events the request held.</summary>
    public int Total => _events.Count + _errors.Count;

    internal void Accept(int index, StreamEvent e)
    {
        _events.Add(e);
        _indexes.Add(index);
    }

    internal void Reject(int index, string error) => _errors.Add(new IngestError(index, error));

    internal void RemoveLastIfIndex(int index)
    {
        if (_indexes.Count > 0 && _indexes[^1] == index)
        {
            _indexes.RemoveAt(_indexes.Count - 1);
            _events.RemoveAt(_events.Count - 1);
        }
    }
}

/// <summary>The body cannot be read as events at all (not JSON, empty, trailing data).</summary>
public sealed class MalformedBodyException(string message) : Exception(message);
