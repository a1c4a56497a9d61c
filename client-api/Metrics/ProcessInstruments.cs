using System.Diagnostics.Metrics;

namespace FlowOrleans.ClientApi.Metrics;

/// <summary>
/// The process's own cost, on the meter <c>FlowOrleans.Process</c>: <c>floworleans_process_allocated_bytes_total</c>
/// (managed allocations since start) and <c>floworleans_process_cpu_seconds_total</c>. Divided by
/// <c>floworleans_events_total</c> they give the cost per event, which the benchmarks report. The gauges
/// <c>floworleans_process_gc_heap_bytes</c> (managed heap in use after the last collection) and
/// <c>floworleans_process_working_set_bytes</c> show whether memory stays flat under load.
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
        meter.CreateObservableGauge("floworleans_process_gc_heap_bytes", () => GC.GetGCMemoryInfo().HeapSizeBytes, "By", "Managed heap size at the last garbage collection");
        meter.CreateObservableGauge("floworleans_process_working_set_bytes", () => Environment.WorkingSet, "By", "Physical memory mapped to the process");
    }
}
