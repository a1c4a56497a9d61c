using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Streaming;

namespace FlowOrleans.Api.Tests;

/// <summary>
/// A window whose only events come late never opens: it is recorded in <c>/late</c>, and the watermark must not try
/// to fire it (it has no state, so every attempt failed and was retried on every tick, forever).
/// </summary>
public sealed class LateOnlyWindowTests(LoggedNodeFactory node) : IClassFixture<LoggedNodeFactory>
{
    private const long W0 = 1_700_000_000_000;

    [Fact]
    public async Task A_window_that_only_late_events_reach_is_never_fired()
    {
        var api = new FlowApi(node.CreateClient());
        await api.CreatePipelineAsync("""
            {"name": "lateonly", "window": {"type": "tumbling", "size": 1000}, "types": ["lo"], "watermarkDelay": 0}
            """);

        await api.IngestAsync(Push(W0 + 5_000));
        await api.WatermarkReachesAsync("lateonly", W0 + 5_000);

        // Partitions judge events against the written watermark: once every partition committed the push (so the
        // checkpoints after it wrote the watermark), each learns it with its next report (the watermark passing
        // W0 + 5001 means each of them reported).
        await node.AllCommittedAsync();
        await api.IngestAsync(Push(W0 + 5_001));
        await api.WatermarkReachesAsync("lateonly", W0 + 5_001);

        // The window [W0 + 1000, W0 + 2000) had no event before the watermark passed it: this one is late, and alone.
        await api.IngestAsync([new StreamEvent("late", W0 + 1_500, 1, "k", "lo")]);
        var late = await Eventually.ValueAsync(() => api.LateAsync("lateonly"), l => l.Count == 1, "the late event to be listed");
        Assert.Equal(W0 + 1_000, late[0].WindowStart);

        // A later firing runs after the watermark grain handled the late event's report (one turn at a time).
        await api.IngestAsync(Push(W0 + 9_000));
        var fired = await Eventually.ValueAsync(() => api.ResultsAsync("pipeline=lateonly"), r => r.Count > 0, "the window of the first push to fire");
        Assert.Equal([W0 + 5_000], fired.Select(r => r.WindowStart).Distinct());

        Assert.DoesNotContain(node.Logs.Warnings, w => w.Category.Contains("Watermark", StringComparison.Ordinal));
    }

    private static List<StreamEvent> Push(long ts) =>
        [.. Enumerable.Range(0, 4).Select(p => new StreamEvent($"push-{ts}-{p}", ts, 1, FlowApi.KeyInPartition("lo", p, 4), "lo"))];
}
