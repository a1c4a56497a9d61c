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

    [Theory]
    [InlineData("flow.grain-calls", "flow_grain_calls")]
    [InlineData("9lives", "_9lives")]
    [InlineData("ok_name:sub", "ok_name:sub")]
    public void InstrumentNamesBecomeValidMetricNames(string instrument, string expected) =>
        Assert.Equal(expected, PrometheusExporter.MetricName(instrument));
}
