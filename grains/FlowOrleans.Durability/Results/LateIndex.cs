using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>Late records per pipeline in arrival order, deduplicated by <see cref="LateId"/>. Not thread-safe; the store locks.</summary>
public sealed class LateIndex
{
    private readonly HashSet<LateId> _seen = [];
    private readonly Dictionary<string, List<LateEventRecord>> _byPipeline = new(StringComparer.Ordinal);

    public long Count => _seen.Count;

    public long CountFor(string pipeline) => _byPipeline.TryGetValue(pipeline, out var list) ? list.Count : 0;

    /// <summary>Adds the record unless its id is known; true if added.</summary>
    public bool Add(LateEventRecord record)
    {
        if (!_seen.Add(new LateId(record.Pipeline, record.Partition, record.Offset, record.WindowStart)))
        {
            return false;
        }

        if (!_byPipeline.TryGetValue(record.Pipeline, out var list))
        {
            _byPipeline[record.Pipeline] = list = [];
        }

        list.Add(record);
        return true;
    }

    /// <summary>The last <paramref name="limit"/> records of the pipeline, oldest first.</summary>
    public List<LateEventRecord> Last(string pipeline, int limit)
    {
        if (limit <= 0 || !_byPipeline.TryGetValue(pipeline, out var list))
        {
            return [];
        }

        var count = Math.Min(limit, list.Count);
        return list.GetRange(list.Count - count, count);
    }
}
