namespace FlowOrleans.Runtime.Membership;

/// <summary>
/// Failure detection settings. Each property names Orleans' default next to ours. Ours are tuned for a
/// local cluster: a <c>kill -9</c>'d silo misses 3 probes of 1 s each (about 3-4 s), its probers vote,
/// and the second vote declares it dead, well within 10 s.
/// </summary>
public sealed class ClusterMembershipOptions
{
    /// <summary>How often each silo probes the silos it monitors. Orleans: 5 s (its ProbeTimeout doubles as the period). Ours: 1 s.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may take before it counts as missed. Orleans: 5 s. Ours: 1 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive missed probes after which the prober votes the silo dead. Orleans: 3. Ours: 3.</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>How many other silos each silo probes. Orleans: 10 (3 in Orleans 3.x). Ours: 3.</summary>
    public int NumProbedSilos { get; set; } = 3;

    /// <summary>
    /// Fresh votes needed to declare a silo dead. Orleans: 2. Ours: 2. The count actually required is
    /// capped at half the live silos rounded up, so in a two-silo cluster one vote suffices.
    /// </summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>Votes older than this no longer count. Orleans: 2 min. Ours: 30 s.</summary>
    public TimeSpan DeathVoteExpirationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a silo writes its IAmAlive time to the table. Orleans: 5 min (30 s in its current main branch). Ours: 5 s.</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Missed IAmAlive writes after which a silo is declared dead without votes (it stopped writing and
    /// nobody probes it). Orleans: 2 (3 in its current main branch, which also treats stale rows as dead).
    /// Ours: 3, so a silo is stale after 15 s without a heartbeat.
    /// </summary>
    public int NumMissedTableIAmAliveLimit { get; set; } = 3;

    /// <summary>How often silos re-read the whole table. Orleans: 60 s. Ours: 1 s.</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Dead rows whose IAmAlive time is older than this are deleted. Orleans: 7 days. Ours: 7 days.</summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often defunct rows are cleaned up. Orleans: 1 h. Ours: 1 h.</summary>
    public TimeSpan DefunctSiloCleanupPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The time after which a silo that stopped writing IAmAlive counts as stale.</summary>
    public TimeSpan IAmAliveStaleAfter => IAmAliveTablePublishTimeout * NumMissedTableIAmAliveLimit;
}
