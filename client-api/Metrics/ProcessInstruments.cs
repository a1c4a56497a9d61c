using System.Diagnostics.Metrics;

namespace FlowOrleans.ClientApi.Metrics;

/// <summary>
/// The process's own cost, on the meter <c>FlowOrleans.Process</c>: <c>floworleans_process_allocated_bytes_total</c>
/// (managed allocations since start) and <c>floworleans_process_cpu_seconds_total</c>. Divided by
/// <c>floworleans_events_total</c> they give the cost per event, which the benchmarks report.
/// </summary>
public sealed class ProcessInstruments
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "FlowOrleans.Process";

    /// <summary>Creates the observable counters on a meter from <paramref name="meterFactory"/>; they are read at scrape time only.</summary>
    public ProcessInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("floworleans_process_allocated_bytes_total", () => GC.GetTotalAllocatedBytes(), "By", "Managed bytes allocated since the process started");
        meter.CreateObservableCounter("floworleans_process_cpu_seconds_total", () => Environment.CpuUsage.TotalTime.TotalSeconds, "s", "CPU time used by the process (user + kernel)");
    }
}
