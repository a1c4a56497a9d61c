using FlowOrleans.Streaming.Watermarks;

namespace FlowOrleans.Streaming.Engine;

/// <summary>
/// Where one event goes for one window: the window grain (<see cref="Window"/>), or, when <see cref="Late"/>, a late
/// record for <see cref="OpenWindowRef.Start"/>. For session pipelines the window is the event's proto-session
/// <c>[ts, ts + gap)</c> and the shard names the session grain.
/// </summary>
public readonly record struct WindowTarget(OpenWindowRef Window, bool Late);
