using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Partitioning;
using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Grains.Routing;

/// <summary>
/// Splits a partition's batch by pipeline and target grain: each event passing a pipeline's type filter goes to
/// every window it belongs to (window start + key-hash shard), or to its session shard. Plain logic: the partition
/// grain calls it and sends the pieces.
/// </summary>
public sealed class PartitionBatchRouter
{
    private readonly (PipelineDefinition Pipeline, IWindowAssigner? Assigner)[] _pipelines;
    private readonly long[] _starts;

    /// <summary>Prepares routing for a set of pipelines.</summary>
    public PartitionBatchRouter(IEnumerable<PipelineDefinition> pipelines)
    {
        _pipelines = [.. pipelines.Select(p => (p, p.IsSession ? null : p.CreateAssigner()))];
        _starts = new long[Math.Max(1, _pipelines.Select(p => p.Assigner?.MaxWindowsPerEvent ?? 1).DefaultIfEmpty(1).Max())];
    }

    /// <summary>Routes a batch; pipelines without events in it are left out.</summary>
    public List<PipelineRoute> Route(IReadOnlyList<LoggedEvent> batch)
    {
        var routes = new List<PipelineRoute>(_pipelines.Length);
        foreach (var (pipeline, assigner) in _pipelines)
        {
            var route = new PipelineRoute(pipeline);
            for (var i = 0; i < batch.Count; i++)
            {
                var e = batch[i];
                if (!pipeline.Accepts(e.Event))
                {
                    continue;
                }

                var shard = EventPartitioner.ShardOf(pipeline.GroupKeyOf(e.Event), pipeline.Shards);
                if (assigner is null)
                {
                    Add(route.Sessions, shard, e);
                    continue;
                }

                var count = assigner.Assign(e.Event.Ts, _starts);
                for (var w = 0; w < count; w++)
                {
                    Add(route.Windows, (_starts[w], shard), e);
                }
            }

            if (!route.IsEmpty)
            {
                routes.Add(route);
            }
        }

        return routes;
    }

    /// <summary>The largest event time of a batch (every event counts for progress, whatever its type).</summary>
    public static long MaxTs(IReadOnlyList<LoggedEvent> batch)
    {
        var max = long.MinValue;
        for (var i = 0; i < batch.Count; i++)
        {
            max = Math.Max(max, batch[i].Event.Ts);
        }

        return max;
    }

    private static void Add<TKey>(Dictionary<TKey, List<LoggedEvent>> targets, TKey key, LoggedEvent e) where TKey : notnull
    {
        if (!targets.TryGetValue(key, out var list))
        {
            targets[key] = list = [];
        }

        list.Add(e);
    }
}
