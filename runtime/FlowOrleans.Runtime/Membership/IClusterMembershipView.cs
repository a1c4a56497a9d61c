namespace FlowOrleans.Runtime.Membership;

/// <summary>A silo as the cluster currently sees it.</summary>
/// <param name="SiloAddress">The silo's silo-to-silo endpoint and generation.</param>
/// <param name="Status">Its status in the membership table.</param>
/// <param name="Name">Its readable name (e.g. <c>silo-2</c>).</param>
/// <param name="GatewayPort">The port external clients connect to; 0 when it has no gateway.</param>
/// <param name="StartTime">When the silo started.</param>
public sealed record ClusterMember(SiloAddress SiloAddress, SiloStatus Status, string Name, int GatewayPort, DateTimeOffset StartTime);

/// <summary>An immutable view of the cluster, versioned by the membership table version it was built from.</summary>
/// <param name="Version">The membership table version (grows with every change).</param>
/// <param name="Members">Every known silo generation, dead ones included.</param>
public sealed record ClusterMembershipSnapshot(long Version, IReadOnlyList<ClusterMember> Members)
{
    /// <summary>The silos that host grains.</summary>
    public IEnumerable<ClusterMember> Active => Members.Where(m => m.Status == SiloStatus.Active);

    /// <summary>The status of <paramref name="silo"/>; <see cref="SiloStatus.Created"/> when it is unknown.</summary>
    public SiloStatus GetStatus(SiloAddress silo) =>
        Members.FirstOrDefault(m => m.SiloAddress == silo)?.Status ?? SiloStatus.Created;
}

/// <summary>
/// The membership as this process sees it: what placement builds its ring from, what the transport checks
/// before it connects, and what the dashboard lists. The membership service updates it; a single silo
/// without clustering sees only itself.
/// </summary>
public interface IClusterMembershipView
{
    /// <summary>The latest snapshot.</summary>
    ClusterMembershipSnapshot Current { get; }

    /// <summary>Calls <paramref name="onChanged"/> with every newer snapshot until the subscription is disposed.</summary>
    IDisposable Subscribe(Action<ClusterMembershipSnapshot> onChanged);
}
