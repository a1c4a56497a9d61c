using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Grains.Windows;

/// <summary>The checkpoint of a session grain.</summary>
public sealed class SessionGrainState
{
    /// <summary>The sessions of this shard's keys, open or fired and retained for allowed lateness (null until the first event).</summary>
    public SessionWindowState? Sessions { get; set; }

    /// <summary>The pipeline's aggregate names.</summary>
    public List<string> Aggregates { get; set; } = [];

    /// <summary>
    /// The watermark of the last checkpointed advance that fired or dropped sessions. Lateness is judged against it
    /// and the durable pipeline watermark a batch brings, so a restart (which may only raise them) never turns an
    /// event that was listed late into an aggregated one, nor lets an event into a session that was already dropped.
    /// </summary>
    public long DurableWatermark { get; set; } = long.MinValue;

    /// <summary>
    /// Results of a checkpointed firing that may not have reached the result store yet (the fired sessions are gone
    /// from <see cref="Sessions"/>, or carry the revision): a restart emits them again, which is idempotent.
    /// </summary>
    public List<WindowResult> Unemitted { get; set; } = [];

    /// <summary>
    /// Retractions of the same firings (results of sessions merged within allowed lateness under another start) that may
    /// not have reached the result store yet: a restart emits them again with <see cref="Unemitted"/>, also idempotent.
    /// </summary>
    public List<WindowRetraction> UnemittedRetractions { get; set; } = [];
}
