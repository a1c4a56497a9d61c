using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Grains.Windows;

/// <summary>The checkpoint of a window grain: the window's state machine plus what the grain needs to fire after a restart.</summary>
public sealed class WindowGrainState
{
    /// <summary>The window (null until its first event).</summary>
    public WindowState? Window { get; set; }

    /// <summary>The pipeline's aggregate names, so the window can fire without asking the catalog.</summary>
    public List<string> Aggregates { get; set; } = [];

    /// <summary>The watermark at which the window closed (reported in late records).</summary>
    public long ClosedWatermark { get; set; } = long.MinValue;

    /// <summary>False between a checkpointed firing and the upsert of its results: a restart re-emits them.</summary>
    public bool Emitted { get; set; } = true;
}
