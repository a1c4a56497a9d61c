using FlowOrleans.Streaming.Engine;
using FlowOrleans.Streaming.Partitioning;
using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.Streaming.Watermarks;

namespace FlowOrleans.Streaming.Tests.Engine;

public class WindowRouterTests
{
    [Fact]
    public void Sliding_event_is_late_or_not_for_each_window_on_its_own()
    {
        var router = new WindowRouter(PipelineDefinition.Alerts);
        var targets = new WindowTarget[router.MaxTargets];
        var n = router.Route(new StreamEvent("1", 12_000, 1, "k", "critical"), 15_000, targets, out var key);
        Assert.Equal(2, n);
        Assert.Equal("k", key);
        Assert.Equal(new WindowTarget(new OpenWindowRef(5_000, 15_000, 0), Late: true), targets[0]);
        Assert.Equal(new WindowTarget(new OpenWindowRef(10_000, 20_000, 0), Late: false), targets[1]);
        Assert.Equal(0, router.Route(new StreamEvent("2", 12_000, 1, "k", "normal"), 0, targets, out _));
    }

    [Fact]
    public void Shards_and_sessions_route_by_group_key()
    {
        var d = PipelineDefinition.Default;
        d.Window = new WindowDefinition { Type = WindowTypes.Session, Gap = 1_000 };
        d.Shards = 4;
        var router = new WindowRouter(d);
        var targets = new WindowTarget[1];
        Assert.Equal(1, router.Route(new StreamEvent("1", 5_000, 1, "user-7", null), 6_000, targets, out _));
        Assert.Equal(new WindowTarget(new OpenWindowRef(5_000, 6_000, EventPartitioner.ShardOf("user-7", 4)), Late: true), targets[0]);
    }

    [Fact]
    public void Grain_keys_format_and_parse()
    {
        Assert.Equal("default/-10000/2", StreamGrainKeys.Window("default", -10_000, 2));
        Assert.Equal("alerts/session/0", StreamGrainKeys.Session("alerts", 0));
        Assert.True(StreamGrainKeys.TryParseWindow("default/1700000000000/3", out var pipeline, out var start, out var shard));
        Assert.Equal(("default", 1_700_000_000_000L, 3), (pipeline, start, shard));
        Assert.False(StreamGrainKeys.TryParseWindow("alerts/session/0", out _, out _, out _));
        Assert.False(StreamGrainKeys.TryParseWindow("a/1", out _, out _, out _));
    }
}
