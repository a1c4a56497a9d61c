namespace FlowOrleans.Runtime;

/// <summary>The first turn of an activation: construct the grain, read its state, run <see cref="Grain.OnActivateAsync"/>.</summary>
internal sealed class ActivateStep : ActivationRequest
{
    internal override bool IsExclusive => true;

    internal override void Start(ActivationData activation) => _ = activation.RunActivationAsync(this);

    internal override void Fail(Exception exception)
    {
    }
}

/// <summary>The last turn of an activation: run <see cref="Grain.OnDeactivateAsync"/> and hand queued calls on.</summary>
internal sealed class DeactivateStep(DeactivationReason reason) : ActivationRequest
{
    public DeactivationReason Reason { get; } = reason;

    internal override bool IsExclusive => true;

    internal override bool CountsAsActivity => false;

    internal override void Start(ActivationData activation) => _ = activation.RunDeactivationAsync(this);

    internal override void Fail(Exception exception)
    {
    }
}
