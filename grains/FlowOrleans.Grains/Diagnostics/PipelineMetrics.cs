using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FlowOrleans.Grains.Diagnostics;

/// <summary>
/// The pipeline's metrics (CONTRACT §6), on the meter <c>FlowOrleans.Pipeline</c>, named as Prometheus shows
/// them: <c>floworleans_events_total</c>, <c>floworleans_late_events_total</c>, <c>floworleans_windows_flushed_total</c>,
/// <c>floworleans_watermark_timestamp</c> and <c>floworleans_last_checkpoint_time</c>.
/// </summary>
public sealed class PipelineMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "FlowOrleans.Pipeline";

    private readonly Counter<long> _events;
    private readonly Counter<long> _late;
    private readonly Counter<long> _flushed;
    private readonly Counter<long> _ingested;
    private readonly ConcurrentDictionary<string, long> _watermarks = new(StringComparer.Ordinal);
    private long _lastCheckpoint;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public PipelineMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _events = meter.CreateCounter<long>("floworleans_events_total", description: "Events processed by the partitions (every event once, whatever its pipelines)");
        _ingested = meter.CreateCounter<long>("floworleans_ingested_events_total", description: "Events accepted by the gateway and made durable in the ingest log");
        _late = meter.CreateCounter<long>("floworleans_late_events_total", description: "Late event records (one per window an event missed)");
        _flushed = meter.CreateCounter<long>("floworleans_windows_flushed_total", description: "Window results emitted (per key, including allowed-lateness updates)");
        meter.CreateObservableGauge("floworleans_watermark_timestamp", ObserveWatermarks, "ms", "Pipeline watermark (Unix ms)");
        meter.CreateObservableGauge("floworleans_last_checkpoint_time", () => Interlocked.Read(ref _lastCheckpoint), "ms", "Time of the last completed checkpoint (Unix ms)");
    }

    /// <summary>Time of the last completed checkpoint (Unix ms), or 0.</summary>
    public long LastCheckpointTime => Interlocked.Read(ref _lastCheckpoint);

    public void EventsProcessed(int count) => _events.Add(count);

    public void EventsIngested(int count) => _ingested.Add(count);

    public void LateEvents(string pipeline, int count) => _late.Add(count, new KeyValuePair<string, object?>("pipeline", pipeline));

    public void WindowsFlushed(string pipeline, int count) => _flushed.Add(count, new KeyValuePair<string, object?>("pipeline", pipeline));

    public void Watermark(string pipeline, long watermark) => _watermarks[pipeline] = watermark;

    public void ForgetPipeline(string pipeline) => _watermarks.TryRemove(pipeline, out _);

    public void CheckpointCompleted(long nowMs)
    {
        var seen = Interlocked.Read(ref _lastCheckpoint);
        while (nowMs > seen)
        {
            var previous = Interlocked.CompareExchange(ref _lastCheckpoint, nowMs, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    private IEnumerable<Measurement<long>> ObserveWatermarks()
    {
        foreach (var (pipeline, watermark) in _watermarks)
        {
            if (watermark != long.MinValue)
            {
                yield return new Measurement<long>(watermark, new KeyValuePair<string, object?>("pipeline", pipeline));
            }
        }
    }
}
