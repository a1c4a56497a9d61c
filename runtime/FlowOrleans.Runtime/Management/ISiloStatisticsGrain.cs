namespace FlowOrleans.Runtime.Management;

/// <summary>One per silo (keyed by the silo's address): reports that silo's numbers.</summary>
public interface ISiloStatisticsGrain : IGrainWithStringKey
{
    /// <summary>The silo's status, uptime and activations per grain type.</summary>
    [AlwaysInterleave]
    Task<SiloReport> GetReport();
}

/// <summary>The cluster-wide management view (use key 0): asks every live silo for its report.</summary>
public interface IManagementGrain : IGrainWithIntegerKey
{
    /// <summary>The silos (address, name, status, uptime, activations) and the activations per grain type.</summary>
    [AlwaysInterleave]
    Task<ClusterReport> GetClusterReport();
}
