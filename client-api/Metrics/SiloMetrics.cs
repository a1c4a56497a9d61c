using System.Diagnostics.Metrics;
using FlowOrleans.ClientApi.Dashboard;
using FlowOrleans.Runtime;

namespace FlowOrleans.ClientApi.Metrics;

/// <summary>
/// The gauge <c>floworleans_silos{status}</c>: how many silos the cluster has in each status (meter
/// <c>FlowOrleans.Cluster</c>). Every status is reported, 0 included, so a query never misses a series.
/// Read from <see cref="IClusterStatisticsSource.GetSilos"/> at scrape time only.
/// </summary>
public sealed class SiloMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "FlowOrleans.Cluster";

    private static readonly (SiloStatus Status, string Label)[] Statuses =
    [
        (SiloStatus.Created, "created"),
        (SiloStatus.Joining, "joining"),
        (SiloStatus.Active, "active"),
        (SiloStatus.ShuttingDown, "shutting_down"),
        (SiloStatus.Dead, "dead"),
    ];

    private readonly IClusterStatisticsSource _source;

    public SiloMetrics(IMeterFactory meterFactory, IClusterStatisticsSource source)
    {
        _source = source;
        meterFactory.Create(MeterName).CreateObservableGauge("floworleans_silos", Observe, "{silo}", "Silos by membership status");
    }

    private IEnumerable<Measurement<int>> Observe()
    {
        var silos = _source.GetSilos();
        return Statuses.Select(s => new Measurement<int>(silos.Count(silo => silo.Status == s.Status), new KeyValuePair<string, object?>("status", s.Label)));
    }
}
