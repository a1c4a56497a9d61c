using FlowOrleans.Streaming.Partitioning;
using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.Streaming.Watermarks;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Streaming.Engine;

/// <summary>
/// What a partition grain does with each event of one pipeline: filter by type, find the group key, its shard, and
/// every window it belongs to, and classify it per window against the watermark (late when the window is closed,
/// <see cref="Lateness.IsClosed"/>; for sessions without allowed lateness when its proto-session is due, and otherwise
/// as the session state decides). Stateless and allocation-free.
/// </summary>
public sealed class WindowRouter
{
    private readonly PipelineDefinition _definition;
    private readonly IWindowAssigner? _assigner;
    private readonly long[] _starts;
    private readonly long _gap;

    public WindowRouter(PipelineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _definition = definition;
        if (definition.IsSession)
        {
            _gap = definition.Window.Gap ?? throw new ArgumentException("window.gap is required", nameof(definition));
            _starts = [];
            MaxTargets = 1;
        }
        else
        {
            _assigner = definition.CreateAssigner();
            _starts = new long[_assigner.MaxWindowsPerEvent];
            MaxTargets = _assigner.MaxWindowsPerEvent;
        }
    }

    /// <summary>The length <see cref="Route"/> needs for its span.</summary>
    public int MaxTargets { get; }

    /// <summary>
    /// Writes the targets of <paramref name="e"/> at <paramref name="watermark"/> and returns how many (0 when the type
    /// filter drops it). <paramref name="groupKey"/> is the group the event aggregates under.
    /// </summary>
    public int Route(StreamEvent e, long watermark, Span<WindowTarget> targets, out string? groupKey)
    {
        groupKey = null;
        if (!_definition.Accepts(e))
        {
            return 0;
        }

        groupKey = _definition.GroupKeyOf(e);
        var shard = EventPartitioner.ShardOf(groupKey, _definition.Shards);
        if (_assigner is null)
        {
            // With allowed lateness only the session state can tell: an event past its own lateness still joins a held session it overlaps.
            var end = e.Ts + _gap;
            var late = _definition.AllowedLateness == 0 && Lateness.IsDue(watermark, end);
            targets[0] = new WindowTarget(new OpenWindowRef(e.Ts, end, shard), late);
            return 1;
        }

        var n = _assigner.Assign(e.Ts, _starts);
        var size = _assigner.Size;
        var lateness = _definition.AllowedLateness;
        for (var i = 0; i < n; i++)
        {
            var start = _starts[i];
            var end = start + size;
            targets[i] = new WindowTarget(new OpenWindowRef(start, end, shard), Lateness.IsClosed(watermark, end, lateness));
        }

        return n;
    }
}
