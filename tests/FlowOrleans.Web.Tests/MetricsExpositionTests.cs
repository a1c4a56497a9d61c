using System.Net.Http.Json;
using System.Text.Json;
using FlowOrleans.Web.Tests.Infrastructure;

namespace FlowOrleans.Web.Tests;

/// <summary><c>/metrics</c> of a running node: the text format, CONTRACT §6's names and the runtime's own series, with exact values.</summary>
[Collection(ScrapedNodeCollection.Name)]
public sealed class MetricsExpositionTests(ScrapedNode fixture)
{
    [Fact]
    public async Task StreamMetricsCarryTheContractNamesAndExactCounts()
    {
        var metrics = await Eventually.WaitAsync(fixture.Metrics, m => m.GetValueOrDefault("floworleans_events_total") == ScrapedNode.EventCount
                && m.GetValueOrDefault("floworleans_last_checkpoint_time") > 0 && m.ContainsKey("floworleans_late_events_total{pipeline=\"default\"}"),
            TimeSpan.FromSeconds(30), "all six events processed and a checkpoint written");

        Assert.Equal(6, metrics["floworleans_events_total"]);
        Assert.Equal(6, metrics["floworleans_ingested_events_total"]);
        Assert.Equal(1, metrics["floworleans_late_events_total{pipeline=\"default\"}"]);
        Assert.Equal(2, metrics["floworleans_windows_flushed_total{pipeline=\"default\"}"]);
        var watermark = await fixture.Node.Http.GetFromJsonAsync<JsonElement>("/watermark?pipeline=default");
        Assert.Equal(watermark.GetProperty("watermark").GetInt64(), metrics["floworleans_watermark_timestamp{pipeline=\"default\"}"]);
        Assert.InRange(metrics["floworleans_watermark_timestamp{pipeline=\"default\"}"], 1700000011000, 1700000012000);
        var checkpoint = metrics["floworleans_last_checkpoint_time"];
        Assert.InRange(checkpoint, fixture.StartedAtMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task RuntimeMetricsShowActivationsCallsLatencyAndSilos()
    {
        var metrics = await fixture.Metrics();

        Assert.Equal(4, metrics["floworleans_grain_activations{grain_type=\"partition\"}"]);
        Assert.True(metrics["floworleans_grain_activations{grain_type=\"window\"}"] >= 1);
        Assert.True(metrics["floworleans_grain_calls_total{grain_method=\"ApplyAsync\",grain_type=\"window\"}"] >= 2);
        Assert.Equal(0, metrics["floworleans_grain_call_failures_total{grain_method=\"ApplyAsync\",grain_type=\"window\"}"]);
        var applied = "grain_method=\"ApplyAsync\",grain_type=\"window\"";
        var count = metrics[$"floworleans_grain_call_duration_count{{failed=\"false\",{applied}}}"];
        Assert.True(count >= 2);
        Assert.Equal(count, metrics[$"floworleans_grain_call_duration_bucket{{failed=\"false\",{applied},le=\"+Inf\"}}"]);
        Assert.True(metrics[$"floworleans_grain_call_duration_sum{{failed=\"false\",{applied}}}"] > 0);
        Assert.Equal(1, metrics["floworleans_silos{status=\"active\"}"]);
        Assert.Equal(0, metrics["floworleans_silos{status=\"dead\"}"]);
    }

    [Fact]
    public async Task MetricsAnswerInTheTextFormatContentType()
    {
        using var response = await fixture.Node.Http.GetAsync("/metrics");

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE floworleans_events_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE floworleans_grain_call_duration histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE floworleans_watermark_timestamp gauge\n", text, StringComparison.Ordinal);
    }
}
