using System.Globalization;
using System.Net;
using System.Reflection;
using FlowOrleans.Grains.Partitions;
using FlowOrleans.Runtime;

namespace FlowOrleans.Failover.Tests.Infrastructure;

/// <summary>
/// Which silo runs each partition grain: the owner on the consistent hash ring of the active silos, which depends only
/// on their endpoints, so the test computes what every silo computes.
/// </summary>
internal static class PartitionOwners
{
    private static readonly string PartitionType = typeof(PartitionGrain).GetCustomAttribute<GrainTypeAttribute>()!.Name;

    /// <summary>The partitions that the silo at <paramref name="siloPorts"/>[i] owns, for each i.</summary>
    public static List<int>[] Of(IReadOnlyList<int> siloPorts, int partitions)
    {
        var silos = siloPorts.Select(p => new SiloAddress(new IPEndPoint(IPAddress.Loopback, p), 0)).ToList();
        var ring = new ConsistentHashRing(silos);
        var owned = siloPorts.Select(_ => new List<int>()).ToArray();
        for (var p = 0; p < partitions; p++)
        {
            owned[silos.IndexOf(ring.Owner(new GrainId(PartitionType, p.ToString(CultureInfo.InvariantCulture))))].Add(p);
        }

        return owned;
    }
}
