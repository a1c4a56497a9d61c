using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Grains.Windows;

/// <summary>The checkpoint of a session grain.</summary>
public sealed class SessionGrainState
{
    /// <summary>The open sessions of this shard's keys (null until the first event).</summary>
    public SessionWindowState? Sessions { get; set; }

    /// <summary>The pipeline's aggregate names.</summary>
    public List<string> Aggregates { get; set; } = [];

    /// <summary>
    /// The watermark of the last checkpointed firing. Lateness is judged against it alone, so a restart (which
    /// may only raise it) never turns an event that was listed late into an aggregated one.
    /// </summary>
    public long DurableWatermark { get; set; } = long.MinValue;

    /// <summary>
    /// Results of the last firing, written with it and cleared once the result store has them durably: a crash in
    /// between re-emits them on activation (idempotent), so a firing is never lost.
    /// </summary>
    public List<WindowResult> Unemitted { get; set; } = [];
}
