using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;

namespace FlowOrleans.ClientApi.Dashboard;

/// <summary>
/// The dashboard's data in a process that hosts a silo: counters from this silo's <see cref="IRuntimeStatistics"/>;
/// the silo list from <see cref="IClusterMembershipView"/> when one is registered, else this silo alone.
/// </summary>
public sealed class LocalClusterStatisticsSource(IRuntimeStatistics statistics, ILocalSiloDetails localSilo, IClusterMembershipView? membership = null)
    : IClusterStatisticsSource
{
    /// <inheritdoc />
    public IReadOnlyList<SiloSummary> GetSilos()
    {
        var local = new SiloSummary(localSilo.SiloAddress, localSilo.Name, localSilo.Status, localSilo.StartedAt, IsLocal: true);
        if (membership?.Current.Members is not { Count: > 0 } members)
        {
            return [local];
        }

        var silos = members
            .Select(m => m.SiloAddress == localSilo.SiloAddress ? local : new SiloSummary(m.SiloAddress, m.Name, m.Status, m.StartTime, IsLocal: false))
            .ToList();
        if (!silos.Any(s => s.IsLocal))
        {
            silos.Insert(0, local);
        }

        return silos;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RuntimeStatisticsSnapshot>> GetCountersAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<RuntimeStatisticsSnapshot>>([statistics.GetSnapshot()]);
}
