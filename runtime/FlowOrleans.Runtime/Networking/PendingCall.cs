namespace FlowOrleans.Runtime.Networking;

/// <summary>
/// A request sent on a connection and waiting for its response. The write loop asks it for its header fields and
/// body when it encodes the frame. Exactly one of <see cref="Complete"/> and <see cref="Fail"/> is called, by whoever
/// removes it from the connection's correlation map first (the response, the deadline sweep, a cancellation or the
/// connection closing).
/// </summary>
internal abstract class PendingCall
{
    /// <summary>The caller's cancellation, if any; disposed when the call leaves the correlation map.</summary>
    public CancellationTokenRegistration Cancellation { get; set; }

    public abstract GrainId Target { get; }

    public abstract string InterfaceName { get; }

    public abstract string MethodId { get; }

    public abstract DateTimeOffset Deadline { get; }

    public abstract int ForwardCount { get; }

    /// <summary>The request body: encoded into <paramref name="scratch"/>, or already encoded.</summary>
    public abstract ReadOnlySpan<byte> WriteBody(JsonScratch scratch);

    /// <summary>The response arrived; <paramref name="body"/> is valid only during the call.</summary>
    public abstract void Complete(string? exceptionType, string? exceptionMessage, ReadOnlySpan<byte> body);

    public abstract void Fail(Exception exception);
}

/// <summary>A pending call of an encoded <see cref="Message"/>, completed through a task (<see cref="ISiloMessageTransport.SendRequestAsync"/>).</summary>
internal sealed class TaskPendingCall(Message request) : PendingCall
{
    private readonly TaskCompletionSource<Message> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<Message> Task => _completion.Task;

    public override GrainId Target => request.Target;

    public override string InterfaceName => request.InterfaceName;

    public override string MethodId => request.MethodId;

    public override DateTimeOffset Deadline => request.Deadline;

    public override int ForwardCount => request.ForwardCount;

    public override ReadOnlySpan<byte> WriteBody(JsonScratch scratch) => request.Body.Span;

    public override void Complete(string? exceptionType, string? exceptionMessage, ReadOnlySpan<byte> body) => _completion.TrySetResult(new Message
    {
        Direction = MessageDirection.Response,
        CorrelationId = request.CorrelationId,
        Target = request.Target,
        InterfaceName = request.InterfaceName,
        MethodId = request.MethodId,
        Deadline = request.Deadline,
        ExceptionType = exceptionType,
        ExceptionMessage = exceptionMessage,
        Body = body.ToArray(),
    });

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
