namespace FlowOrleans.Runtime.Networking;

/// <summary>
/// A frame waiting in a connection's outbound channel, encoded by the write loop: a request (<see cref="PendingCall"/>),
/// a response (the completed <see cref="GrainRequest"/>, or the <see cref="Exception"/> of a failure), or a probe (no item).
/// </summary>
internal readonly record struct OutboundFrame(FrameType Type, long Id, object? Item);
