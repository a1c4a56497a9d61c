using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Management;

namespace FlowOrleans.ClientApi.Dashboard;

/// <summary>
/// The dashboard's data on a cluster gateway (no silo in this process): each silo's counters from the management
/// grain, asked only when someone samples. The silo list is the one from the last sample; the silo gauges read it,
/// and when it is older than <see cref="SiloListMaxAge"/> a read starts a refresh in the background.
/// </summary>
public sealed class ManagementClusterStatisticsSource(IGrainFactory grains, TimeProvider time) : IClusterStatisticsSource
{
    /// <summary>How old the cached silo list may be before a read refreshes it.</summary>
    public static readonly TimeSpan SiloListMaxAge = TimeSpan.FromSeconds(10);

    private IReadOnlyList<SiloSummary> _silos = [];
    private long _silosAt = long.MinValue;
    private int _refreshing;

    /// <inheritdoc />
    public IReadOnlyList<SiloSummary> GetSilos()
    {
        // Never sampled (long.MinValue) counts as stale: GetElapsedTime of it would overflow to a negative age.
        var sampledAt = Volatile.Read(ref _silosAt);
        if ((sampledAt == long.MinValue || time.GetElapsedTime(sampledAt) > SiloListMaxAge) && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            _ = RefreshInBackgroundAsync();
        }

        return Volatile.Read(ref _silos);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RuntimeStatisticsSnapshot>> GetCountersAsync(CancellationToken cancellationToken)
    {
        var snapshots = await grains.GetGrain<IManagementGrain>(0).GetSiloStatistics().WaitAsync(cancellationToken);
        Volatile.Write(ref _silos, [.. snapshots.Select(s => new SiloSummary(s.Silo, s.SiloName, s.Status, s.StartedAt, IsLocal: false))]);
        Volatile.Write(ref _silosAt, time.GetTimestamp());
        return snapshots;
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await GetCountersAsync(CancellationToken.None);
        }
        catch (Exception)
        {
            // The cluster is unreachable: the gauges keep the last list; the dashboard's own sample reports the error.
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }
}
