using System.Diagnostics.Metrics;
using FlowOrleans.ClientApi.Metrics;

namespace FlowOrleans.Api.Tests;

public class PrometheusExporterTests
{
    [Fact]
    public void CountersGaugesAndHistogramsRenderInTheTextFormat()
    {
        var scope = new object();
        using var meter = new Meter("FlowOrleans.Test", null, null, scope);
        using var other = new Meter("FlowOrleans.Test", null, null, new object());
        using var exporter = new PrometheusExporter(scope, "FlowOrleans.");
        var events = meter.CreateCounter<long>("floworleans_events_total", description: "Events processed");
        var calls = meter.CreateCounter<long>("flow.grain.calls");
        var latency = meter.CreateHistogram<double>("flow_grain_call_latency_ms");
        var watermark = 1_700_000_000_123L;
        meter.CreateObservableGauge("floworleans_watermark_timestamp", () => new Measurement<long>(watermark, new KeyValuePair<string, object?>("pipeline", "de\"fault")));
        other.CreateCounter<long>("floworleans_events_total").Add(1000);

        events.Add(5);
        events.Add(7);
        calls.Add(1, new KeyValuePair<string, object?>("method", "Apply"), new KeyValuePair<string, object?>("grain", "window"));
        foreach (var ms in new[] { 0.07, 0.3, 3.0, 20_000.0 })
        {
            latency.Record(ms);
        }

        var samples = PrometheusFormat.Parse(exporter.Scrape());

        Assert.Equal(12, samples["floworleans_events_total"]);
        Assert.Equal(1, samples["flow_grain_calls_total{grain=\"window\",method=\"Apply\"}"]);
        Assert.Equal(1_700_000_000_123, samples["floworleans_watermark_timestamp{pipeline=\"de\\\"fault\"}"]);
        Assert.Equal(1, samples["flow_grain_call_latency_ms_bucket{le=\"0.1\"}"]);
        Assert.Equal(2, samples["flow_grain_call_latency_ms_bucket{le=\"0.5\"}"]);
        Assert.Equal(3, samples["flow_grain_call_latency_ms_bucket{le=\"10000\"}"]);
        Assert.Equal(4, samples["flow_grain_call_latency_ms_bucket{le=\"+Inf\"}"]);
        Assert.Equal(4, samples["flow_grain_call_latency_ms_count"]);
        Assert.Equal(20_003.37, samples["flow_grain_call_latency_ms_sum"], 6);

        watermark += 10;
        Assert.Equal(1_700_000_000_133, PrometheusFormat.Parse(exporter.Scrape())["floworleans_watermark_timestamp{pipeline=\"de\\\"fault\"}"]);
    }

    [Fact]
    public void MeasurementsWithTheSameTagsShareACellWhateverTheirOrderAndARepeatedOneAllocatesNothing()
    {
        var scope = new object();
        using var meter = new Meter("FlowOrleans.Test", null, null, scope);
        using var exporter = new PrometheusExporter(scope, "FlowOrleans.");
        var latency = meter.CreateHistogram<double>("flow_call_ms");
        var calls = meter.CreateCounter<long>("flow_calls");
        KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

        calls.Add(1, Tag("grain", "window"), Tag("method", "Apply"), Tag("failed", false));
        calls.Add(2, Tag("method", "Apply"), Tag("failed", false), Tag("grain", "window"));
        calls.Add(4, Tag("grain", "window"), Tag("method", "Apply"), Tag("failed", true));
        calls.Add(8, Tag("grain", "window"), Tag("method", "Fire"), Tag("failed", false));
        calls.Add(16, Tag("grain", new string("window".AsSpan())), Tag("method", "Fire"), Tag("failed", false)); // equal, not the same string
        calls.Add(32, Tag("a", 1), Tag("b", 2), Tag("c", 3), Tag("d", 4), Tag("e", 5)); // more tags than the cache keys

        var samples = PrometheusFormat.Parse(exporter.Scrape());
        Assert.Equal(3, samples["flow_calls_total{failed=\"false\",grain=\"window\",method=\"Apply\"}"]);
        Assert.Equal(4, samples["flow_calls_total{failed=\"true\",grain=\"window\",method=\"Apply\"}"]);
        Assert.Equal(24, samples["flow_calls_total{failed=\"false\",grain=\"window\",method=\"Fire\"}"]);
        Assert.Equal(32, samples["flow_calls_total{a=\"1\",b=\"2\",c=\"3\",d=\"4\",e=\"5\"}"]);
        Assert.Equal(4, samples.Keys.Count(k => k.StartsWith("flow_calls_total", StringComparison.Ordinal)));

        object failed = false;
        latency.Record(1.0, Tag("grain", "window"), Tag("method", "Apply"), Tag("failed", failed));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            latency.Record(1.0, Tag("grain", "window"), Tag("method", "Apply"), Tag("failed", failed));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001, PrometheusFormat.Parse(exporter.Scrape())["flow_call_ms_count{failed=\"false\",grain=\"window\",method=\"Apply\"}"]);
    }

    [Theory]
    [InlineData("flow.grain-calls", "flow_grain_calls")]
    [InlineData("9lives", "_9lives")]
    [InlineData("ok_name:sub", "ok_name:sub")]
    public void InstrumentNamesBecomeValidMetricNames(string instrument, string expected) =>
        Assert.Equal(expected, PrometheusExporter.MetricName(instrument));
}
