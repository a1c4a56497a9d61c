namespace FlowOrleans.Runtime;

/// <summary>
/// The synchronization context of an activation's turns: <c>await</c> in grain code posts its continuation
/// back to the activation's queue. <c>ConfigureAwait(false)</c> leaves the activation, as in Orleans.
/// </summary>
internal sealed class ActivationSynchronizationContext(ActivationData activation) : SynchronizationContext
{
    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state) => activation.Post(d, state);

    /// <inheritdoc />
    public override void Send(SendOrPostCallback d, object? state)
        => throw new NotSupportedException("Synchronous Send to a grain activation would block its turn.");

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;
}
