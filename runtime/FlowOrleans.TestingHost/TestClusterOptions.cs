using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;

namespace FlowOrleans.TestingHost;

/// <summary>How a <see cref="TestCluster"/> builds its silos.</summary>
public sealed class TestClusterOptions
{
    /// <summary>
    /// The membership table every silo shares. Default: one <see cref="InMemoryMembershipTable"/> per cluster;
    /// give an Azure Table one (FlowOrleans.Runtime.AzureStorage) to test against Azurite.
    /// </summary>
    public Func<IMembershipTable>? MembershipTable { get; set; }

    /// <summary>
    /// Failure detection settings of every silo. Default: the production defaults (a killed silo is dead
    /// within 10 s); tests that are not about that bound use shorter intervals to stay fast.
    /// </summary>
    public Action<ClusterMembershipOptions>? ConfigureMembership { get; set; }

    /// <summary>
    /// Configures one silo (its services, grain storage, transport): called with the silo's builder and
    /// its index (0, 1, ...) after the cluster's own registrations, so it can override them.
    /// </summary>
    public Action<ISiloBuilder, int>? ConfigureSilo { get; set; }

    /// <summary>
    /// Connects the silos with the TCP transport (silo endpoint and gateway on free loopback ports). Default true;
    /// false leaves the <c>ISiloMessageTransport</c> to <see cref="ConfigureSilo"/> (e.g. a test network that
    /// can cut one silo off).
    /// </summary>
    public bool UseTcpTransport { get; set; } = true;

    /// <summary>Configures the external <see cref="TestCluster.Client"/> (its gateways come from the membership table).</summary>
    public Action<Runtime.Client.ClusterClientOptions>? ConfigureClient { get; set; }

    /// <summary>
    /// Registers memory grain storage <see cref="GrainStorageNames.Default"/> over one store shared by all
    /// silos, so grains keep their state when they move. Default true.
    /// </summary>
    public bool UseSharedMemoryStorage { get; set; } = true;
}
