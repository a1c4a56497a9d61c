using FlowOrleans.Runtime.Membership;
using FlowOrleans.TestingHost;

namespace FlowOrleans.Cluster.Tests.Infrastructure;

/// <summary>TestCluster set-ups for these tests.</summary>
public static class Clusters
{
    /// <summary>
    /// Failure detection about 10 times faster than our defaults, for tests that are not about the 10 s bound:
    /// a killed silo is dead in about half a second.
    /// </summary>
    public static void Fast(ClusterMembershipOptions o)
    {
        o.ProbeInterval = TimeSpan.FromMilliseconds(100);
        o.ProbeTimeout = TimeSpan.FromMilliseconds(100);
        o.TableRefreshTimeout = TimeSpan.FromMilliseconds(100);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromMilliseconds(500);
    }

    /// <summary>A cluster on real TCP with <paramref name="membership"/> settings (default: <see cref="Fast"/>).</summary>
    public static TestCluster CreateTcp(Action<ClusterMembershipOptions>? membership = null, Action<ISiloBuilder, int>? configure = null) =>
        new(new TestClusterOptions { ConfigureMembership = membership ?? Fast, ConfigureSilo = configure });

    /// <summary>A cluster on the in-process probe network (which can cut a silo off) with <paramref name="membership"/> settings (default: <see cref="Fast"/>).</summary>
    public static TestCluster Create(InProcessProbeNetwork network, Action<ClusterMembershipOptions>? membership = null, PartitionableMembershipTable? table = null) =>
        new(new TestClusterOptions
        {
            ConfigureMembership = membership ?? Fast,
            UseTcpTransport = false,
            MembershipTable = table is null ? null : () => table.Table,
            ConfigureSilo = (silo, _) =>
            {
                network.AddTo(silo);
                table?.AddTo(silo);
            },
        });
}
