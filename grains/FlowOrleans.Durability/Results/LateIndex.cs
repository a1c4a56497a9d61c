using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>Late records per pipeline in arrival order, deduplicated by <see cref="LateId"/>. Not thread-safe; the store locks.</summary>
public sealed class LateIndex
{
    private readonly HashSet<LateId> _seen = [];
    private readonly Dictionary<string, List<LateEventRecord>> _byPipeline = new(StringComparer.Ordinal);

    public long Count => _seen.Count;

    /// <summary>Every stored record, pipeline by pipeline, oldest first: what a compacted file holds.</summary>
    public IEnumerable<LateEventRecord> All => _byPipeline.Values.SelectMany(list => list);

    public long CountFor(string pipeline) => _byPipeline.TryGetValue(pipeline, out var list) ? list.Count : 0;

    /// <summary>Adds the record unless its id is known; true if added. Beyond <paramref name="maxPerPipeline"/> the oldest tenth goes.</summary>
    public bool Add(LateEventRecord record, int maxPerPipeline = int.MaxValue)
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
        if (list.Count > maxPerPipeline)
        {
            var drop = Math.Max(list.Count - maxPerPipeline, maxPerPipeline / 10);
            foreach (var old in list.Take(drop))
            {
                _seen.Remove(new LateId(old.Pipeline, old.Partition, old.Offset, old.WindowStart));
            }

            list.RemoveRange(0, drop);
        }

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
