namespace FlowOrleans.Runtime.Membership;

/// <summary>
/// The life cycle of one silo generation, as recorded in the membership table. The order is the only
/// allowed direction: a silo never moves back, and <see cref="Dead"/> is final.
/// </summary>
public enum SiloStatus
{
    /// <summary>The silo has inserted its row and is starting; it does not host grains yet.</summary>
    Joining = 1,

    /// <summary>The silo hosts grains and takes part in probing.</summary>
    Active = 2,

    /// <summary>The silo is leaving gracefully and hands its grains off.</summary>
    ShuttingDown = 3,

    /// <summary>The silo generation is gone for good. A restarted process joins as a new generation.</summary>
    Dead = 4,
}
