using FlowOrleans.Runtime.Membership;

namespace FlowOrleans.Runtime.Management;

/// <summary>
/// Builds the cluster report: the live silos from the membership view, each silo's numbers from its
/// <see cref="ISiloStatisticsGrain"/> (asked concurrently), and the per grain type totals. A silo that
/// does not answer is listed as unreachable. Management's own grains are not counted.
/// </summary>
[GrainType(GrainTypes.Management)]
internal sealed class ManagementGrain(IClusterMembershipView membership, IGrainFactory grains) : Grain, IManagementGrain
{
    public async Task<ClusterReport> GetClusterReport()
    {
        var view = membership.Current;
        var members = view.Members.Where(m => m.Status != SiloStatus.Dead).ToList();
        var reports = await Task.WhenAll(members.Select(AskAsync));
        var perType = reports.SelectMany(r => r.GrainTypes)
            .Where(t => t.GrainType != GrainTypes.Management)
            .GroupBy(t => t.GrainType, StringComparer.Ordinal)
            .Select(g => new GrainTypeActivations(g.Key, g.Sum(t => t.Activations)))
            .OrderBy(t => t.GrainType, StringComparer.Ordinal)
            .ToList();
        var silos = reports.Select(r => WithoutManagement(r)).OrderBy(r => r.Address, StringComparer.Ordinal).ToList();
        return new ClusterReport(view.Version, silos, perType);
    }

    private async Task<SiloReport> AskAsync(ClusterMember member)
    {
        try
        {
            return await grains.GetGrain<ISiloStatisticsGrain>(member.SiloAddress.ToString()).GetReport();
        }
        catch (Exception exception) when (exception is GrainCallFailedException or TimeoutException)
        {
            return new SiloReport(member.SiloAddress.ToString(), member.Name, member.Status, member.StartTime, 0, 0, [], Reachable: false);
        }
    }

    private static SiloReport WithoutManagement(SiloReport report)
    {
        var types = report.GrainTypes.Where(t => t.GrainType != GrainTypes.Management).ToList();
        return report with { GrainTypes = types, Activations = types.Sum(t => t.Activations) };
    }
}
