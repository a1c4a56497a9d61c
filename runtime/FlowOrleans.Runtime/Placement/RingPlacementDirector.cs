using System.Collections.Concurrent;
using System.Reflection;
using FlowOrleans.Runtime.Membership;

namespace FlowOrleans.Runtime;

/// <summary>
/// The cluster's placement and directory in one: a grain lives on its owner on the
/// <see cref="ConsistentHashRing"/> of the <see cref="SiloStatus.Active"/> silos of the current membership
/// view. Every silo with the same view computes the same owner, so there is no directory to look up or
/// keep in sync. Grains whose class carries <see cref="SiloKeyedPlacementAttribute"/> run on the silo
/// their key names. While this silo sees no active silo (it is still joining) no grain can be placed: a call
/// fails rather than risk a second activation.
/// </summary>
internal sealed class RingPlacementDirector(IClusterMembershipView view, ILocalSiloDetails localSilo) : IPlacementDirector
{
    private readonly ConcurrentDictionary<string, bool> _siloKeyed = new(StringComparer.Ordinal);
    private volatile VersionedRing? _ring;

    /// <summary>The ring for the current view (rebuilt when the view's version changes).</summary>
    public ConsistentHashRing Ring => Current().Ring;

    /// <inheritdoc />
    public SiloAddress PlaceGrain(GrainId grainId)
    {
        var current = Current();
        if (IsSiloKeyed(grainId.Type))
        {
            return current.Snapshot.Members.FirstOrDefault(m => m.Status != SiloStatus.Dead && m.SiloAddress.ToString() == grainId.Key)?.SiloAddress
                ?? throw new GrainCallFailedException($"Grain {grainId} runs on silo {grainId.Key}, which is not in the cluster.");
        }

        return current.Ring.IsEmpty
            ? throw new GrainCallFailedException($"Cannot place {grainId}: silo {localSilo.SiloAddress} sees no active silo yet (it is {localSilo.Status}).")
            : current.Ring.Owner(grainId);
    }

    private VersionedRing Current()
    {
        var snapshot = view.Current;
        var ring = _ring;
        if (ring is null || !ReferenceEquals(ring.Snapshot, snapshot))
        {
            ring = new VersionedRing(snapshot, new ConsistentHashRing(snapshot.Active.Select(m => m.SiloAddress)));
            _ring = ring;
        }

        return ring;
    }

    private bool IsSiloKeyed(string grainType) => _siloKeyed.GetOrAdd(grainType, static type =>
        GrainCodeRegistry.FindClass(type)?.GrainClass.GetCustomAttribute<SiloKeyedPlacementAttribute>() is not null);

    private sealed record VersionedRing(ClusterMembershipSnapshot Snapshot, ConsistentHashRing Ring);
}
