namespace FlowOrleans.Runtime;

/// <summary>The life cycle of an activation.</summary>
internal enum ActivationState
{
    /// <summary>Constructing the grain, reading its state and running <see cref="Grain.OnActivateAsync"/>.</summary>
    Activating,

    /// <summary>Serving calls.</summary>
    Valid,

    /// <summary>Running <see cref="Grain.OnDeactivateAsync"/>; new calls wait for the next activation.</summary>
    Deactivating,

    /// <summary>Gone: calls that reach it are sent on to a new activation.</summary>
    Invalid,
}
