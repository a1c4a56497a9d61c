namespace FlowOrleans.Runtime;

/// <summary>Builds response messages and turns a failed response back into an exception for the caller.</summary>
internal static class ResponseMessages
{
    /// <summary>A successful response to <paramref name="request"/> carrying the JSON result.</summary>
    public static Message Success(Message request, ReadOnlyMemory<byte> body) => new()
    {
        Direction = MessageDirection.Response,
        CorrelationId = request.CorrelationId,
        Target = request.Target,
        InterfaceName = request.InterfaceName,
        MethodId = request.MethodId,
        Deadline = request.Deadline,
        Body = body,
    };

    /// <summary>
    /// A failed response to <paramref name="request"/>: the exception's type name and message. An exception that
    /// itself came from another silo (a forwarded call) keeps the original type and message.
    /// </summary>
    public static Message Failure(Message request, Exception exception)
    {
        var (type, message) = Describe(exception);
        return Failure(request, type, message);
    }

    /// <summary>The type name and message a failed response carries for <paramref name="exception"/> (a forwarded remote exception keeps its original ones).</summary>
    public static (string Type, string Message) Describe(Exception exception) => exception is GrainCallFailedException { RemoteExceptionType: { } remoteType } remote
        ? (remoteType, remote.RemoteExceptionMessage ?? "")
        : (exception.GetType().FullName ?? exception.GetType().Name, exception.Message);

    private static Message Failure(Message request, string exceptionType, string exceptionMessage) => new()
    {
        Direction = MessageDirection.Response,
        CorrelationId = request.CorrelationId,
        Target = request.Target,
        InterfaceName = request.InterfaceName,
        MethodId = request.MethodId,
        Deadline = request.Deadline,
        ExceptionType = exceptionType,
        ExceptionMessage = exceptionMessage,
    };

    /// <summary>
    /// The exception a caller sees for a failed response: the runtime's own retryable or timeout exceptions keep
    /// their type; anything else becomes <see cref="GrainCallFailedException"/> with "Type: message".
    /// </summary>
    public static Exception ToException(Message response) => ToException(response.ExceptionType, response.ExceptionMessage);

    /// <inheritdoc cref="ToException(Message)"/>
    public static Exception ToException(string? exceptionType, string? exceptionMessage)
    {
        var message = exceptionMessage ?? "";
        return exceptionType switch
        {
            "FlowOrleans.Runtime.GrainCallTimeoutException" => new GrainCallTimeoutException(message),
            "FlowOrleans.Runtime.GrainPlacementChangedException" => new GrainPlacementChangedException(message),
            _ => new GrainCallFailedException($"{exceptionType}: {message}")
            {
                RemoteExceptionType = exceptionType,
                RemoteExceptionMessage = message,
            },
        };
    }
}
