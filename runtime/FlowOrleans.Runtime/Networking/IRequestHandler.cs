namespace FlowOrleans.Runtime.Networking;

/// <summary>Runs requests received on a connection (the silo's <see cref="MessageDispatcher"/>).</summary>
internal interface IRequestHandler
{
    /// <summary>
    /// Runs the request; answers through <paramref name="responses"/> with <paramref name="header"/>'s correlation id,
    /// at once or when the grain completes. <paramref name="body"/> is valid only during the call.
    /// </summary>
    void HandleRequest(in MessageHeader header, ReadOnlySpan<byte> body, IResponseSink responses);
}

/// <summary>Where a handled request's answer goes (a connection's outbound queue).</summary>
internal interface IResponseSink
{
    /// <summary>Answers with the result of <paramref name="request"/>, which has completed (successfully or not).</summary>
    void SendResult(long correlationId, GrainRequest request);

    /// <summary>Answers with a failure.</summary>
    void SendFailure(long correlationId, Exception exception);
}
