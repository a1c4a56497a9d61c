namespace FlowOrleans.Runtime.Networking;

/// <summary>The kind of a frame on a connection (the byte after the length prefix).</summary>
public enum FrameType : byte
{
    /// <summary>The first frame each side sends: who it is (<see cref="ConnectionHandshake"/>).</summary>
    Handshake = 1,

    /// <summary>A grain call (<see cref="Message"/> with <see cref="MessageDirection.Request"/>).</summary>
    Request = 2,

    /// <summary>The answer to a request, matched by correlation id.</summary>
    Response = 3,

    /// <summary>A liveness probe; the peer answers with <see cref="Pong"/> and the same id.</summary>
    Ping = 4,

    /// <summary>The answer to a <see cref="Ping"/>.</summary>
    Pong = 5,
}
