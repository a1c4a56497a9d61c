namespace FlowOrleans.Runtime.Networking;

/// <summary>The header fields of a request or response frame, decoded; the body stays in the frame.</summary>
/// <param name="CorrelationId">The wire correlation id.</param>
/// <param name="Deadline">When the caller gives up (UTC); default in responses.</param>
/// <param name="ForwardCount">How many silos forwarded the request.</param>
/// <param name="Target">The grain; empty in the responses the transport writes (the caller knows its request).</param>
/// <param name="InterfaceName">The grain interface's name; empty in those responses.</param>
/// <param name="MethodId">The method id; empty in those responses.</param>
/// <param name="ExceptionType">For a failed call: the exception's type name.</param>
/// <param name="ExceptionMessage">For a failed call: the exception's message.</param>
internal readonly record struct MessageHeader(
    long CorrelationId,
    DateTimeOffset Deadline,
    int ForwardCount,
    GrainId Target,
    string InterfaceName,
    string MethodId,
    string? ExceptionType,
    string? ExceptionMessage);
