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

    /// <summary>A failed response to <paramref name="request"/>: the exception's type name and message.</summary>
    public static Message Failure(Message request, Exception exception) => new()
    {
        Direction = MessageDirection.Response,
        CorrelationId = request.CorrelationId,
        Target = request.Target,
        InterfaceName = request.InterfaceName,
        MethodId = request.MethodId,
        Deadline = request.Deadline,
        ExceptionType = exception.GetType().FullName ?? exception.GetType().Name,
        ExceptionMessage = exception.Message,
    };

    /// <summary>
    /// The exception a caller sees for a failed response: the runtime's own retryable or timeout exceptions keep
    /// their type; anything else becomes <see cref="GrainCallFailedException"/> with "Type: message".
    /// </summary>
    public static Exception ToException(Message response)
    {
        var message = response.ExceptionMessage ?? "";
        return response.ExceptionType switch
        {
            "FlowOrleans.Runtime.GrainCallTimeoutException" => new GrainCallTimeoutException(message),
            "FlowOrleans.Runtime.GrainPlacementChangedException" => new GrainPlacementChangedException(message),
            _ => new GrainCallFailedException($"{response.ExceptionType}: {message}"),
        };
    }
}
