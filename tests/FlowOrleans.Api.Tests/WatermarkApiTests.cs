using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Streaming;

namespace FlowOrleans.Api.Tests;

/// <summary>The pipeline watermark is the minimum over partitions that have data, including data not processed yet.</summary>
public sealed class WatermarkApiTests(FlowNodeFactory node) : IClassFixture<FlowNodeFactory>
{
    private const long W0 = 1_700_000_000_000;
    private const int Partitions = 4;

    /// <summary>
    /// One batch puts an on-time event for window 0 into partition 1 and an event past window 0's end into partition 0.
    /// Whichever partition processes its event first, window 0 must wait for partition 1: if the watermark counted only
    /// partitions that had reported, partition 0's report alone would fire window 0 and make partition 1's event late.
    /// Each round uses a pipeline that no partition has reported to yet, so every round is a fresh chance for that race.
    /// </summary>
    [Fact]
    public async Task A_partition_with_unprocessed_events_holds_the_watermark_back_before_it_first_reports()
    {
        var api = new FlowApi(node.CreateClient());
        for (var round = 0; round < 8; round++)
        {
            var name = $"first-report-{round}";
            await api.CreatePipelineAsync($$"""
                {"name": "{{name}}", "window": {"type": "tumbling", "size": 1000}, "groupBy": null, "types": ["{{name}}"],
                 "watermarkDelay": 0, "idleTimeout": 60000}
                """);
            await api.IngestAsync(
            [
                new StreamEvent($"{name}-slow", W0 + 500, 1, FlowApi.KeyInPartition(name, 1, Partitions), name),
                new StreamEvent($"{name}-fast", W0 + 1_500, 2, FlowApi.KeyInPartition(name, 0, Partitions), name),
            ]);
            await api.WatermarkReachesAsync(name, W0 + 500);
            await api.IngestAsync(FlowApi.PushEvents(W0 + 2_500, Partitions, name)); // both move past window 1's end

            var fired = await Eventually.ValueAsync(() => api.ResultsAsync($"pipeline={name}"), r => r.Count == 2, $"windows 0 and 1 of '{name}' to fire");
            Assert.Equal([(W0, 1L, 1.0), (W0 + 1_000, 1L, 2.0)], fired.Select(r => (r.WindowStart, r.Count, r.Sum)));
            Assert.Empty(await api.LateAsync(name));
        }
    }

    [Fact]
    public async Task An_event_whose_session_is_already_due_is_late_even_in_a_session_shard_that_never_fired()
    {
        var api = new FlowApi(node.CreateClient());
        await api.CreatePipelineAsync("""
            {"name": "quiet-sessions", "window": {"type": "session", "gap": 1000}, "groupBy": "key", "types": ["quiet"],
             "watermarkDelay": 0, "idleTimeout": 60000, "shards": 4}
            """);

        // The watermark moves far ahead on events of other types: no session of this pipeline ever opens or fires.
        var ahead = W0 + 1_000_000;
        await api.IngestAsync(FlowApi.PushEvents(ahead, Partitions, "quiet-push"));
        await api.WatermarkReachesAsync("quiet-sessions", ahead);

        // Partitions judge events against the pipeline's written watermark, which a checkpoint writes; once every
        // partition committed the push, every partition learns it with its next report (the watermark passing
        // ahead + 1 means each of them reported).
        await node.AllCommittedAsync();
        await api.IngestAsync(FlowApi.PushEvents(ahead + 1, Partitions, "quiet-push"));
        await api.WatermarkReachesAsync("quiet-sessions", ahead + 1);

        await api.IngestAsync([new StreamEvent("old", W0 + 10, 7, "quiet-key", "quiet")]);
        var late = await Eventually.ValueAsync(() => api.LateAsync("quiet-sessions"), l => l.Count == 1, "the old event to be listed late");
        Assert.Equal(("old", W0 + 10), (late[0].Id, late[0].WindowStart));

        // Nothing of it is aggregated: the next firing round emits no session for it.
        await api.IngestAsync(FlowApi.PushEvents(ahead + 10_000, Partitions, "quiet-push"));
        await api.WatermarkReachesAsync("quiet-sessions", ahead + 10_000);
        Assert.Empty(await api.ResultsAsync("pipeline=quiet-sessions"));
    }
}
