using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Management;

namespace FlowOrleans.ClientApi.Dashboard;

/// <summary>The dashboard's view in cluster mode: every silo and the activations per grain type, from the management grain.</summary>
public sealed class ManagementClusterSampler(IGrainFactory grains, TimeProvider time) : IClusterViewSource
{
    public async ValueTask<ClusterView> SampleAsync()
    {
        var report = await grains.GetGrain<IManagementGrain>(0).GetClusterReport();
        var silos = report.Silos
            .Select(s => new SiloView(s.Address, s.Name, s.Reachable ? s.Status.ToString() : "Unreachable", s.StartedAt.ToUnixTimeMilliseconds(),
                (long)(s.UptimeSeconds * 1000), s.Activations, IsLocal: false))
            .ToList();
        var types = report.GrainTypes.Select(t => new GrainTypeView(t.GrainType, t.Activations, 0, 0, 0, 0, 0)).ToList();
        return new ClusterView(time.GetUtcNow().ToUnixTimeMilliseconds(), silos, types, []);
    }
}
