using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>
/// The in-memory index of window results: the current revision per <see cref="ResultId"/>, a recency list for
/// <c>/recent</c> and per-pipeline / per-key sorted sets for <c>/results</c>. Retractions leave a tombstone (the
/// retraction itself) that keeps results of a lower revision out, so results and retractions give the same index in
/// whatever order they are replayed. Not thread-safe; the store locks.
/// </summary>
public sealed class ResultIndex
{
    private readonly Dictionary<ResultId, LinkedListNode<WindowResult>> _byId = [];
    private readonly LinkedList<WindowResult> _recency = new();
    private readonly Dictionary<string, SortedSet<ResultId>> _byPipeline = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pipeline, string? Key), SortedSet<long>> _byKey = [];
    private readonly Dictionary<ResultId, LinkedListNode<WindowRetraction>> _tombstones = [];
    private readonly LinkedList<WindowRetraction> _tombstoneOrder = new();

    public int Count => _byId.Count;

    /// <summary>Tombstones kept (one per retracted id).</summary>
    public int RetractionCount => _tombstones.Count;

    /// <summary>The tombstones, oldest first: what a compacted retraction file holds.</summary>
    public IEnumerable<WindowRetraction> Retractions => _tombstoneOrder;

    /// <summary>Results in recency order (oldest change first): what a compacted file holds.</summary>
    public IEnumerable<WindowResult> InRecencyOrder => _recency;

    /// <summary>Stores <paramref name="result"/> unless it is no change (<see cref="WindowResultContent.Replaces"/>); true if stored.</summary>
    public bool Upsert(WindowResult result)
    {
        var id = new ResultId(result.Pipeline, result.Key, result.WindowStart);
        if (_tombstones.TryGetValue(id, out var tombstone) && result.Revision < tombstone.Value.Revision)
        {
            return false; // Retracted by a later merge: a replay of the old result must not bring it back.
        }

        if (_byId.TryGetValue(id, out var node))
        {
            if (!WindowResultContent.Replaces(result, node.Value))
            {
                return false;
            }

            _recency.Remove(node);
            node.Value = result;
            _recency.AddLast(node);
            return true;
        }

        _byId[id] = _recency.AddLast(result);
        if (!_byPipeline.TryGetValue(id.Pipeline, out var windows))
        {
            _byPipeline[id.Pipeline] = windows = new SortedSet<ResultId>(ResultId.WindowThenKey);
        }

        windows.Add(id);
        if (!_byKey.TryGetValue((id.Pipeline, id.Key), out var starts))
        {
            _byKey[(id.Pipeline, id.Key)] = starts = [];
        }

        starts.Add(id.WindowStart);
        return true;
    }

    /// <summary>
    /// Removes the result of <paramref name="retraction"/>'s id if its revision is lower, and keeps the retraction as a
    /// tombstone; true if that changed something (false when a tombstone as recent, or a result of at least its
    /// revision, is there already: a replay). A retraction of a result this index never held is kept too: another
    /// process may hold it (the cluster's silos and gateway each index what they saw).
    /// </summary>
    public bool Retract(WindowRetraction retraction)
    {
        var id = new ResultId(retraction.Pipeline, retraction.Key, retraction.WindowStart);
        if (_tombstones.TryGetValue(id, out var tombstone) && tombstone.Value.Revision >= retraction.Revision)
        {
            return false;
        }

        if (_byId.TryGetValue(id, out var node))
        {
            if (node.Value.Revision >= retraction.Revision)
            {
                return false;
            }

            _recency.Remove(node);
            Unindex(id);
        }

        if (tombstone is not null)
        {
            _tombstoneOrder.Remove(tombstone);
        }

        _tombstones[id] = _tombstoneOrder.AddLast(retraction);
        return true;
    }

    /// <summary>Drops the least recently changed results, and the oldest tombstones, until at most <paramref name="max"/> of each remain.</summary>
    public void TrimTo(int max)
    {
        while (_tombstones.Count > max && _tombstoneOrder.First is { } oldestTombstone)
        {
            var t = oldestTombstone.Value;
            _tombstoneOrder.RemoveFirst();
            _tombstones.Remove(new ResultId(t.Pipeline, t.Key, t.WindowStart));
        }

        while (_byId.Count > max && _recency.First is { } oldest)
        {
            var r = oldest.Value;
            _recency.RemoveFirst();
            Unindex(new ResultId(r.Pipeline, r.Key, r.WindowStart));
        }
    }

    // Removes an id from every index but the recency list (the caller unlinks its node).
    private void Unindex(ResultId id)
    {
        _byId.Remove(id);
        var windows = _byPipeline[id.Pipeline];
        windows.Remove(id);
        if (windows.Count == 0)
        {
            _byPipeline.Remove(id.Pipeline);
        }

        var starts = _byKey[(id.Pipeline, id.Key)];
        starts.Remove(id.WindowStart);
        if (starts.Count == 0)
        {
            _byKey.Remove((id.Pipeline, id.Key));
        }
    }

    /// <summary>The last <paramref name="limit"/> results to change, oldest first.</summary>
    public List<WindowResult> Recent(int limit)
    {
        var result = new List<WindowResult>(Math.Clamp(limit, 0, _byId.Count));
        for (var node = _recency.Last; node is not null && result.Count < limit; node = node.Previous)
        {
            result.Add(node.Value);
        }

        result.Reverse();
        return result;
    }

    /// <summary>Results of <paramref name="pipeline"/> with <paramref name="from"/> ≤ windowStart ≤ <paramref name="to"/>, by windowStart then key.</summary>
    public List<WindowResult> Query(string pipeline, KeyFilter key, long? from, long? to, int limit)
    {
        var result = new List<WindowResult>();
        var low = from ?? long.MinValue;
        var high = to ?? long.MaxValue;
        if (limit <= 0 || low > high)
        {
            return result;
        }

        if (key.IsSet)
        {
            if (_byKey.TryGetValue((pipeline, key.Key), out var starts))
            {
                foreach (var start in starts.GetViewBetween(low, high))
                {
                    result.Add(_byId[new ResultId(pipeline, key.Key, start)].Value);
                    if (result.Count == limit)
                    {
                        break;
                    }
                }
            }

            return result;
        }

        if (_byPipeline.TryGetValue(pipeline, out var windows))
        {
            foreach (var id in windows.GetViewBetween(new ResultId(pipeline, null, low), new ResultId(pipeline, null, high == long.MaxValue ? high : high + 1)))
            {
                if (id.WindowStart > high || result.Count == limit)
                {
                    break;
                }

                result.Add(_byId[id].Value);
            }
        }

        return result;
    }
}
