namespace FlowOrleans.Runtime.Networking;

/// <summary>A frame waiting in a connection's outbound channel: a message (with its wire correlation id) or a probe.</summary>
internal readonly record struct OutboundFrame(FrameType Type, Message? Message, long Id);
