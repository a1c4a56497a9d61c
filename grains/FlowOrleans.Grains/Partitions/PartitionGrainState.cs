namespace FlowOrleans.Grains.Partitions;

/// <summary>The checkpoint of a partition grain.</summary>
public sealed class PartitionGrainState
{
    /// <summary>Every event below this log offset is reflected in checkpointed window state.</summary>
    public long CommittedOffset { get; set; }
}
