using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Streaming;

namespace FlowOrleans.Api.Tests;

/// <summary>Idle inputs through a node: an idle partition stops holding the watermark back, and advanceOnIdle fires the last windows.</summary>
public sealed class IdleApiTests(FlowNodeFactory node) : IClassFixture<FlowNodeFactory>
{
    private const long W0 = 1_700_000_000_000;

    [Fact]
    public async Task Idle_partitions_release_the_watermark_and_advance_on_idle_fires_the_last_window()
    {
        var api = new FlowApi(node.CreateClient());
        await api.CreatePipelineAsync("""
            {"name": "hold", "window": {"type": "tumbling", "size": 1000}, "types": ["idle"], "watermarkDelay": 0, "idleTimeout": 300}
            """);
        await api.CreatePipelineAsync("""
            {"name": "advance", "window": {"type": "tumbling", "size": 1000}, "types": ["idle"], "watermarkDelay": 0, "idleTimeout": 300, "advanceOnIdle": true}
            """);

        // Partition 0 stops at W0 + 100, partition 1 goes on to W0 + 5100; then the stream stops.
        await api.IngestAsync([new StreamEvent("slow", W0 + 100, 1, FlowApi.KeyInPartition("idle", 0, 4), "idle")]);
        // Partition 0 reports first, so the order of the reports is fixed.
        await api.WatermarkReachesAsync("hold", W0 + 100);
        await api.IngestAsync([new StreamEvent("fast", W0 + 5_100, 2, FlowApi.KeyInPartition("idle", 1, 4), "idle")]);

        // Once partition 0 is idle it no longer holds the watermark at W0 + 100, so its window fires.
        // Partition 1 may still be active (it becomes idle 300 ms after its own event); partition 0 must be idle by now.
        var held = await api.WatermarkReachesAsync("hold", W0 + 5_100);
        Assert.True(held.Partitions.Single(p => p.Partition == 0).Idle, "partition 0 is idle once the watermark passed it");
        var fired = await Eventually.ValueAsync(() => api.ResultsAsync("pipeline=hold"), r => r.Count == 1, "the first window of 'hold' to fire");
        Assert.Equal(W0, fired[0].WindowStart);

        // With advanceOnIdle the watermark moves on with processing time, so the last window fires although no event follows.
        var last = await Eventually.ValueAsync(() => api.ResultsAsync("pipeline=advance"), r => r.Count == 2, "the last window of 'advance' to fire");
        Assert.Equal([(W0, 1L), (W0 + 5_000, 1L)], last.Select(r => (r.WindowStart, r.Count)));
        Assert.Equal(W0 + 5_100, (await api.WatermarkAsync("hold")).Watermark);
        Assert.Single(await api.ResultsAsync("pipeline=hold"));
    }
}
