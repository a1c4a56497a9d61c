using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Partitioning;
using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Grains.Routing;

/// <summary>
/// Splits a partition's batch by pipeline and target grain: each event passing a pipeline's type filter goes to
/// every window it belongs to (window start + key-hash shard), or to its session shard. Plain logic: the partition
/// grain calls it and sends the pieces.
/// <para>Cost: two passes per pipeline. The first finds each event's targets (a one-entry cache per window slot
/// spares most lookups, as neighbouring events mostly share their windows) and counts them; the second copies the
/// events, grouped by target and in offset order, into one array per pipeline, and every target gets a slice of it.
/// The router's scratch space is reused across calls. The arrays behind the slices travel in grain messages, so they
/// are reused only after <see cref="Release"/>: the caller says every receiver is done with the last route (each
/// apply call completed), and the next <see cref="Route"/> writes over them instead of allocating 24 bytes per event
/// and window again. Without <see cref="Release"/> (a call failed or timed out, and a receiver may still read), the
/// next route gets new arrays.</para>
/// </summary>
public sealed class PartitionBatchRouter
{
    private readonly (PipelineDefinition Pipeline, IWindowAssigner? Assigner)[] _pipelines;
    private readonly int _maxWindows;
    private readonly long[] _starts;
    private readonly TargetTable _targets = new();
    private int[] _assigned = []; // per (event, window slot): the target, or -1
    private readonly LoggedEvent[]?[] _buffers; // per pipeline: the array behind the last route's slices
    private readonly int[] _used; // per pipeline: how much of it the last route filled
    private bool _handedOut; // the last route's slices may still be read

    /// <summary>Prepares routing for a set of pipelines.</summary>
    public PartitionBatchRouter(IEnumerable<PipelineDefinition> pipelines)
    {
        _pipelines = [.. pipelines.Select(p => (p, p.IsSession ? null : p.CreateAssigner()))];
        _maxWindows = Math.Max(1, _pipelines.Select(p => p.Assigner?.MaxWindowsPerEvent ?? 1).DefaultIfEmpty(1).Max());
        _starts = new long[_maxWindows];
        _buffers = new LoggedEvent[_pipelines.Length][];
        _used = new int[_pipelines.Length];
    }

    /// <summary>
    /// Every receiver of the last <see cref="Route"/>'s slices is done with them: the next route may write over their
    /// arrays. Clears what they held, so old events are not kept alive by a reused array.
    /// </summary>
    public void Release()
    {
        for (var k = 0; k < _buffers.Length; k++)
        {
            if (_buffers[k] is { } buffer)
            {
                Array.Clear(buffer, 0, _used[k]);
            }

            _used[k] = 0;
        }

        _handedOut = false;
    }

    /// <summary>Routes a batch; pipelines without events in it are left out.</summary>
    public List<PipelineRoute> Route(IReadOnlyList<LoggedEvent> batch)
    {
        var routes = new List<PipelineRoute>(_pipelines.Length);
        if (_assigned.Length < batch.Count * _maxWindows)
        {
            _assigned = new int[batch.Count * _maxWindows];
        }

        var reuse = !_handedOut;
        if (!reuse)
        {
            // A receiver of the last route may still read its arrays: leave them to it and the GC.
            Array.Clear(_buffers);
            Array.Clear(_used);
        }

        _handedOut = true;
        for (var k = 0; k < _pipelines.Length; k++)
        {
            var (pipeline, assigner) = _pipelines[k];
            var total = Assign(batch, pipeline, assigner);
            if (total > 0)
            {
                routes.Add(Group(batch, pipeline, assigner is null, BufferFor(k, total)));
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

    // Pass 1: the target of every (event, window slot), counted per target; returns the number of assignments.
    private int Assign(IReadOnlyList<LoggedEvent> batch, PipelineDefinition pipeline, IWindowAssigner? assigner)
    {
        _targets.Reset(_maxWindows);
        var total = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var slots = i * _maxWindows;
            var e = batch[i].Event;
            if (!pipeline.Accepts(e))
            {
                _assigned[slots] = -1;
                continue;
            }

            var shard = EventPartitioner.ShardOf(pipeline.GroupKeyOf(e), pipeline.Shards);
            var count = 1;
            if (assigner is null)
            {
                _assigned[slots] = _targets.Count(0, 0, shard);
            }
            else
            {
                count = assigner.Assign(e.Ts, _starts);
                for (var w = 0; w < count; w++)
                {
                    _assigned[slots + w] = _targets.Count(w, _starts[w], shard);
                }
            }

            if (count < _maxWindows)
            {
                _assigned[slots + count] = -1;
            }

            total += count;
        }

        return total;
    }

    // The array pipeline k's slices of this route go in: the last one when released and large enough, else a new one.
    private LoggedEvent[] BufferFor(int k, int total)
    {
        if (_buffers[k] is not { } buffer || buffer.Length < total)
        {
            buffer = _buffers[k] = new LoggedEvent[Math.Max(total, (_buffers[k]?.Length ?? 0) * 2)];
        }

        _used[k] = total;
        return buffer;
    }

    // Pass 2: the events copied into one array, grouped by target in offset order, and one slice per target.
    private PipelineRoute Group(IReadOnlyList<LoggedEvent> batch, PipelineDefinition pipeline, bool sessions, LoggedEvent[] events)
    {
        var next = _targets.StartOffsets();
        for (var i = 0; i < batch.Count; i++)
        {
            var slots = i * _maxWindows;
            for (var w = 0; w < _maxWindows; w++)
            {
                var target = _assigned[slots + w];
                if (target < 0)
                {
                    break;
                }

                events[next[target]++] = batch[i];
            }
        }

        var route = new PipelineRoute(pipeline);
        for (var t = 0; t < _targets.Length; t++)
        {
            var (start, shard, count) = _targets[t];
            var slice = new ArraySegment<LoggedEvent>(events, next[t] - count, count);
            if (sessions)
            {
                route.Sessions.Add(shard, slice);
            }
            else
            {
                route.Windows.Add((start, shard), slice);
            }
        }

        return route;
    }
}
