namespace FlowOrleans.Runtime.Membership;

/// <summary>
/// Which silos a silo probes: its successors on a ring of the live silos ordered by a stable hash of
/// their addresses, so every silo is watched by about <see cref="ClusterMembershipOptions.NumProbedSilos"/>
/// others and the watchers differ from silo to silo.
/// </summary>
public static class ProbeTargets
{
    /// <summary>
    /// The up to <paramref name="count"/> silos that <paramref name="self"/> probes: the successors of
    /// <paramref name="self"/> among the silos that are <see cref="SiloStatus.Active"/> or
    /// <see cref="SiloStatus.ShuttingDown"/> (joining silos may not listen yet).
    /// </summary>
    public static IReadOnlyList<SiloAddress> Select(MembershipTableData snapshot, SiloAddress self, int count)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var ring = snapshot.Rows
            .Select(r => r.Entry)
            .Where(e => e.SiloAddress == self || e.Status is SiloStatus.Active or SiloStatus.ShuttingDown)
            .Select(e => e.SiloAddress)
            .Append(self)
            .Distinct()
            .OrderBy(s => StableHash.Of(s.ToString()))
            .ThenBy(s => s.ToString(), StringComparer.Ordinal)
            .ToList();
        var start = ring.IndexOf(self);
        return [.. Enumerable.Range(1, Math.Min(count, ring.Count - 1)).Select(i => ring[(start + i) % ring.Count])];
    }
}
