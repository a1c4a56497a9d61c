using FlowOrleans.Runtime;

namespace FlowOrleans.GrainInterfaces;

/// <summary>
/// Reads one partition of the ingest log in order, assigns its events to windows, feeds window and
/// session grains, and reports progress to the watermark grains. Its committed offset advances only
/// after the windows it fed have checkpointed. Keyed by partition number; always running.
/// </summary>
public interface IPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>New events may be in the log: process what is there. Returns once processed.</summary>
    Task WakeAsync();

    /// <summary>
    /// A silo died: window grains it hosted lost what they applied since their last checkpoint, so read again from the
    /// committed offset (windows that kept their state drop the replayed events). Then process.
    /// </summary>
    Task RewindAsync();

    /// <summary>Checkpoints the windows this partition fed, then commits its log offset.</summary>
    Task CheckpointAsync();

    /// <summary>Where the partition is.</summary>
    [ReadOnly]
    Task<PartitionInfo> GetInfoAsync();
}
