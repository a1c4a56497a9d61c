namespace FlowOrleans.ClientApi.Dashboard;

/// <summary>Where the dashboard's cluster view comes from: the embedded silo's statistics, or the cluster's management grain.</summary>
public interface IClusterViewSource
{
    /// <summary>Takes a sample.</summary>
    ValueTask<ClusterView> SampleAsync();
}
