namespace FlowOrleans.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>No reason given.</summary>
    None,
    /// <summary>The grain called <see cref="Grain.DeactivateOnIdle"/>.</summary>
    ApplicationRequested,
    /// <summary>The activation was idle longer than the collection age.</summary>
    ActivationIdle,
    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,
    /// <summary>The grain moved to another silo after a membership change.</summary>
    Migrating,
    /// <summary>Activation failed or the grain threw during activation.</summary>
    ActivationFailed,
    /// <summary>
    /// A state write found another ETag in storage (<see cref="InconsistentStateException"/>): someone else wrote it, so
    /// this activation's view is stale. The next call activates the grain again, reading the stored state.
    /// </summary>
    InconsistentState,
}

/// <summary>The reason given to <see cref="Grain.OnDeactivateAsync"/>.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description);
