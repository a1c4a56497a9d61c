using System.Diagnostics.Metrics;
using FlowOrleans.ClientApi.Metrics;

namespace FlowOrleans.Api.Tests;

/// <summary>Details of the exposition that Prometheus and Grafana users rely on.</summary>
public class PrometheusExporterRenderingTests
{
    [Fact]
    public void ACounterThatHasNotCountedYetShowsAsZero()
    {
        var scope = new object();
        using var meter = new Meter("FlowOrleans.Test", null, null, scope);
        using var exporter = new PrometheusExporter(scope, "FlowOrleans.");
        var late = meter.CreateCounter<long>("floworleans_late_events_total", description: "Late event records");

        var before = exporter.Scrape();
        Assert.Equal(0, PrometheusFormat.Parse(before)["floworleans_late_events_total"]);
        Assert.Contains("# TYPE floworleans_late_events_total counter\n", before, StringComparison.Ordinal);

        late.Add(3, new KeyValuePair<string, object?>("pipeline", "default"));
        var after = PrometheusFormat.Parse(exporter.Scrape());
        Assert.Equal(3, after["floworleans_late_events_total{pipeline=\"default\"}"]);
        Assert.False(after.ContainsKey("floworleans_late_events_total"));
    }

    [Fact]
    public void BooleanLabelsAreLowercaseAndHelpNamesTheUnit()
    {
        var scope = new object();
        using var meter = new Meter("FlowOrleans.Test", null, null, scope);
        using var exporter = new PrometheusExporter(scope, "FlowOrleans.");
        var duration = meter.CreateHistogram<double>("floworleans.grain.call.duration", "ms", "Latency of grain calls.");
        meter.CreateObservableGauge("floworleans_watermark_timestamp", () => 5L, "ms", "Pipeline watermark (Unix ms)");
        meter.CreateObservableCounter("floworleans.grain.calls", () => 2L, "{call}", "Grain calls.");

        duration.Record(1.5, new KeyValuePair<string, object?>("failed", false));
        var text = exporter.Scrape();

        Assert.Equal(1, PrometheusFormat.Parse(text)["floworleans_grain_call_duration_count{failed=\"false\"}"]);
        Assert.Contains("# HELP floworleans_grain_call_duration Latency of grain calls (ms).\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP floworleans_watermark_timestamp Pipeline watermark (Unix ms)\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP floworleans_grain_calls_total Grain calls.\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoInstrumentsWithOneNameShareOneTypeLine()
    {
        var scope = new object();
        using var first = new Meter("FlowOrleans.A", null, null, scope);
        using var second = new Meter("FlowOrleans.B", null, null, scope);
        using var exporter = new PrometheusExporter(scope, "FlowOrleans.");
        first.CreateCounter<long>("floworleans_events_total").Add(1, new KeyValuePair<string, object?>("node", "a"));
        second.CreateCounter<long>("floworleans_events_total").Add(2, new KeyValuePair<string, object?>("node", "b"));
        first.CreateCounter<long>("floworleans_unused_total");
        second.CreateCounter<long>("floworleans_unused_total");

        var samples = PrometheusFormat.Parse(exporter.Scrape());

        Assert.Equal(1, samples["floworleans_events_total{node=\"a\"}"]);
        Assert.Equal(2, samples["floworleans_events_total{node=\"b\"}"]);
        Assert.Equal(0, samples["floworleans_unused_total"]);
    }
}
