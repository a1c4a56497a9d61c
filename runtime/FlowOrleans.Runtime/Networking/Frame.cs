namespace FlowOrleans.Runtime.Networking;

/// <summary>One decoded frame: a message, a ping/pong id or a handshake, depending on <see cref="Type"/>.</summary>
public readonly struct Frame
{
    private Frame(FrameType type, Message? message, long id, ConnectionHandshake handshake)
    {
        Type = type;
        Message = message;
        Id = id;
        Handshake = handshake;
    }

    /// <summary>The frame's kind.</summary>
    public FrameType Type { get; }

    /// <summary>The message of a request or response frame.</summary>
    public Message? Message { get; }

    /// <summary>The id of a ping or pong frame.</summary>
    public long Id { get; }

    /// <summary>The content of a handshake frame.</summary>
    public ConnectionHandshake Handshake { get; }

    internal static Frame ForMessage(FrameType type, Message message) => new(type, message, message.CorrelationId, default);

    internal static Frame ForProbe(FrameType type, long id) => new(type, null, id, default);

    internal static Frame ForHandshake(ConnectionHandshake handshake) => new(FrameType.Handshake, null, 0, handshake);
}
