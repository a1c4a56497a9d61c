namespace FlowOrleans.Runtime.Networking;

/// <summary>
/// A request sent on a connection and waiting for its response. Exactly one of <see cref="Complete"/> and
/// <see cref="Fail"/> is called, by whoever removes it from the connection's correlation map first (the response,
/// the deadline sweep, a cancellation or the connection closing).
/// </summary>
internal abstract class PendingCall(Message request)
{
    public Message Request { get; } = request;

    public abstract void Complete(Message response);

    public abstract void Fail(Exception exception);
}

/// <summary>A pending call completed through a task (<see cref="ISiloMessageTransport.SendRequestAsync"/>).</summary>
internal sealed class TaskPendingCall(Message request) : PendingCall(request)
{
    private readonly TaskCompletionSource<Message> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<Message> Task => _completion.Task;

    public override void Complete(Message response) => _completion.TrySetResult(response);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
