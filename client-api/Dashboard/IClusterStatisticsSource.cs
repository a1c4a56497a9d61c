using FlowOrleans.Runtime;

namespace FlowOrleans.ClientApi.Dashboard;

/// <summary>A silo as the dashboard lists it: who it is and its membership status.</summary>
/// <param name="Address">The silo's address.</param>
/// <param name="Name">The silo's readable name.</param>
/// <param name="Status">Its status.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="IsLocal">Whether it runs in this process (the gateway's own silo).</param>
public sealed record SiloSummary(SiloAddress Address, string Name, SiloStatus Status, DateTimeOffset StartedAt, bool IsLocal);

/// <summary>
/// Where the dashboard and the silo gauges get their data. The embedded node reads its own silo
/// (<see cref="LocalClusterStatisticsSource"/>); a cluster gateway lists the silos from membership and asks each
/// silo for its counters through a management grain. Nothing is read unless someone asks.
/// </summary>
public interface IClusterStatisticsSource
{
    /// <summary>Every known silo with its status. Cheap and synchronous: it reads the membership view, never a remote silo.</summary>
    IReadOnlyList<SiloSummary> GetSilos();

    /// <summary>The counters of every silo that answers, one snapshot per silo.</summary>
    ValueTask<IReadOnlyList<RuntimeStatisticsSnapshot>> GetCountersAsync(CancellationToken cancellationToken);
}
