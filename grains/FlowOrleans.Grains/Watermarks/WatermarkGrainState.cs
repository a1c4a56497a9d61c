using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.Streaming.Watermarks;

namespace FlowOrleans.Grains.Watermarks;

/// <summary>The checkpoint of a watermark grain.</summary>
public sealed class WatermarkGrainState
{
    /// <summary>The pipeline (from the first progress report).</summary>
    public PipelineDefinition? Pipeline { get; set; }

    /// <summary>Partition progress and the watermark.</summary>
    public WatermarkTracker? Tracker { get; set; }

    /// <summary>Windows that have events and have not closed.</summary>
    public OpenWindowIndex Windows { get; set; } = new();

    /// <summary>
    /// Windows told to fire (or close) whose answer has not come back yet. Written with the watermark, so a
    /// restart between the write and the calls still fires them.
    /// </summary>
    public HashSet<OpenWindowRef> PendingFires { get; set; } = [];

    /// <summary>Session shards that have received events.</summary>
    public SortedSet<int> SessionShards { get; set; } = [];
}
