using System.Text.Json;
using FlowOrleans.Streaming.Aggregation;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Streaming.Tests.Windowing;

public class SessionWindowStateTests
{
    private static readonly AggregatePlan Plan = AggregatePlan.Basic;

    private static ApplyOutcome Apply(SessionWindowState s, long offset, long ts, long watermark, string? key = "a") =>
        s.Apply(new LoggedEvent(0, offset, 0, new StreamEvent("e" + offset, ts, 1, key, null)), key, watermark, Plan);

    [Fact]
    public void An_event_bridging_two_sessions_merges_them()
    {
        var s = SessionWindowState.Create("p", 0, 1_000);
        Apply(s, 0, 0, long.MinValue);
        Apply(s, 1, 1_800, long.MinValue);
        Assert.Equal(2, s.OpenSessionCount);
        Apply(s, 2, 900, long.MinValue);
        Assert.Equal(1, s.OpenSessionCount);
        var r = Assert.Single(s.Fire(2_800, 0, Plan));
        Assert.Equal((0L, 2_800L, 3L), (r.WindowStart, r.WindowEnd, r.Count));
        Assert.Equal(0, s.OpenSessionCount);
    }

    [Fact]
    public void Keys_have_their_own_sessions_and_a_gap_apart_starts_a_new_one()
    {
        var s = SessionWindowState.Create("p", 0, 1_000);
        Apply(s, 0, 0, long.MinValue);
        Apply(s, 1, 1_000, long.MinValue);
        Apply(s, 2, 500, long.MinValue, key: null);
        Assert.Equal(3, s.OpenSessionCount);
        Assert.Single(s.Fire(1_000, 0, Plan));
        Assert.Equal(2, s.Fire(2_000, 0, Plan).Count);
    }

    [Fact]
    public void An_event_whose_own_session_is_due_is_late_and_a_fired_session_stays_final()
    {
        var s = SessionWindowState.Create("p", 0, 1_000);
        Apply(s, 0, 0, long.MinValue);
        Assert.Single(s.Fire(1_000, 0, Plan));
        Assert.Equal(ApplyOutcome.Late, Apply(s, 1, 0, 1_000));
        Assert.Equal(ApplyOutcome.Accepted, Apply(s, 2, 500, 1_000)); // 500 + 1000 > 1000: on time, new session
        var r = Assert.Single(s.Fire(1_500, 0, Plan));
        Assert.Equal((500L, 1L), (r.WindowStart, r.Count));
    }

    [Fact]
    public void Replays_are_ignored_and_state_round_trips()
    {
        var s = SessionWindowState.Create("p", 0, 1_000);
        Apply(s, 0, 0, long.MinValue);
        var restored = JsonSerializer.Deserialize(JsonSerializer.Serialize(s, StreamStateJsonContext.Default.SessionWindowState),
            StreamStateJsonContext.Default.SessionWindowState)!;
        Assert.Equal(ApplyOutcome.Duplicate, Apply(restored, 0, 0, long.MinValue));
        Assert.Equal(1, Assert.Single(restored.Fire(long.MaxValue, 0, Plan)).Count);
    }
}
