namespace FlowOrleans.Runtime;

/// <summary>Whether a message is a request or its response.</summary>
public enum MessageDirection
{
    /// <summary>A call to a grain.</summary>
    Request,

    /// <summary>The answer to a request (result or exception).</summary>
    Response,
}

/// <summary>
/// The envelope of a grain call between silos. Local calls skip it (the request object itself is queued);
/// a network layer encodes requests to messages with <see cref="MessageDispatcher.CreateRequestMessage"/> and
/// hands received ones to <see cref="MessageDispatcher.HandleRequestAsync"/>, which uses the same dispatch
/// entry point as local calls.
/// </summary>
public sealed class Message
{
    /// <summary>Request or response.</summary>
    public MessageDirection Direction { get; init; }

    /// <summary>Matches a response to its request.</summary>
    public long CorrelationId { get; init; }

    /// <summary>The target grain.</summary>
    public GrainId Target { get; init; }

    /// <summary>The grain interface's full name.</summary>
    public string InterfaceName { get; init; } = "";

    /// <summary>The method's stable id (<see cref="GrainMethodDescriptor.MethodId"/>).</summary>
    public string MethodId { get; init; } = "";

    /// <summary>
    /// How many silos passed this request on because they did not own the grain. A silo forwards a request
    /// at most once; a request that already was forwarded fails with <see cref="GrainPlacementChangedException"/>.
    /// </summary>
    public int ForwardCount { get; init; }

    /// <summary>When the caller gives up (UTC).</summary>
    public DateTimeOffset Deadline { get; init; }

    /// <summary>The arguments (request) or the result (response) as UTF-8 JSON.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>In-process only: the request object itself, when the message never leaves the process.</summary>
    public GrainRequest? LocalRequest { get; init; }

    /// <summary>For a failed call: the exception's type name.</summary>
    public string? ExceptionType { get; init; }

    /// <summary>For a failed call: the exception's message.</summary>
    public string? ExceptionMessage { get; init; }
}
