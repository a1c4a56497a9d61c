using FlowOrleans.Runtime;

namespace FlowOrleans.GrainInterfaces;

/// <summary>
/// One window of one pipeline (one shard of its keys): holds the per-key aggregates of
/// <c>[windowStart, windowEnd)</c>. Keyed <c>{pipeline}/{windowStart}/{shard}</c>. Fires exactly once when
/// the watermark grain says so; within allowed lateness emits updated results; then closes, and later events are late.
/// </summary>
public interface IWindowGrain : IGrainWithStringKey
{
    /// <summary>Aggregates a batch of one partition's events (replays are ignored; events for a closed window are late).</summary>
    Task<WindowBatchReply> ApplyAsync(WindowBatch batch);

    /// <summary>Fires at <paramref name="watermark"/> (once), and closes the window when <paramref name="watermark"/> passed its allowed lateness.</summary>
    Task FireAsync(long watermark);

    /// <summary>Makes the window's state durable (before its partitions commit their offsets).</summary>
    Task CheckpointAsync();
}

/// <summary>
/// The session windows of one pipeline for the keys of one hash shard. Keyed <c>{pipeline}/session/{shard}</c>.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Applies a batch of one partition's events to the sessions of their keys.</summary>
    Task<WindowBatchReply> ApplyAsync(WindowBatch batch);

    /// <summary>Fires every session that ended at or before <paramref name="watermark"/>.</summary>
    Task AdvanceAsync(long watermark);

    /// <summary>Makes the sessions' state durable.</summary>
    Task CheckpointAsync();
}
