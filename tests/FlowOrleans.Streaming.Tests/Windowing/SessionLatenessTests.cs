using System.Text.Json;
using FlowOrleans.Streaming.Aggregation;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Streaming.Tests.Windowing;

/// <summary>Session windows with allowed lateness (Flink's merging windows): retention, updates, retractions, drops.</summary>
public class SessionLatenessTests
{
    private const long Gap = 1_000;
    private const long Lateness = 5_000;
    private static readonly AggregatePlan Plan = AggregatePlan.Basic;

    private static ApplyOutcome Apply(SessionWindowState s, long offset, long ts, long watermark, double value = 1, string? key = "a") =>
        s.Apply(new LoggedEvent(0, offset, 0, new StreamEvent("e" + offset, ts, value, key, null)), key, watermark, Plan);

    private static SessionWindowState Create(long lateness = Lateness) => SessionWindowState.Create("p", 0, Gap, lateness);

    [Fact]
    public void A_late_event_within_lateness_moving_a_fired_sessions_start_fires_at_once_and_retracts_the_old_start()
    {
        var s = Create();
        Apply(s, 0, 10_000, long.MinValue, value: 4);
        Apply(s, 1, 10_500, long.MinValue, value: 6);
        var fired = Assert.Single(s.Fire(12_000, 1, Plan, []));
        Assert.Equal((10_000L, 11_500L, 2L, 0), (fired.WindowStart, fired.WindowEnd, fired.Count, fired.Revision));
        Assert.Equal(1, s.OpenSessionCount); // retained until 11_500 + 5_000

        // 9_200 + 1_000 overlaps [10_000, 11_500): merges, start moves to 9_200; the merged end 11_500 is due at 12_000.
        Assert.Equal(ApplyOutcome.AcceptedUpdate, Apply(s, 2, 9_200, 12_000, value: -2));
        var retractions = new List<WindowRetraction>();
        var update = Assert.Single(s.FireUpdates(12_000, 2, Plan, retractions));
        Assert.Equal((9_200L, 11_500L, 3L, 1), (update.WindowStart, update.WindowEnd, update.Count, update.Revision));
        Assert.Equal((8.0, -2.0, 6.0), (update.Sum!.Value, update.Min!.Value, update.Max!.Value));
        var retraction = Assert.Single(retractions);
        Assert.Equal(("p", "a", 10_000L, 1, 9_200L), (retraction.Pipeline, retraction.Key, retraction.WindowStart, retraction.Revision, retraction.ReplacedBy));

        // Nothing more to emit until another change, and the advance emits nothing again.
        Assert.False(s.HasPendingUpdates);
        Assert.Empty(s.Fire(13_000, 3, Plan, retractions));
        Assert.Single(retractions);
    }

    [Fact]
    public void A_late_event_bridging_two_fired_sessions_merges_them_with_revision_max_plus_one()
    {
        var s = Create();
        Apply(s, 0, 10_000, long.MinValue, value: 1);
        Apply(s, 1, 12_000, long.MinValue, value: 2);
        var retractions = new List<WindowRetraction>();
        Assert.Equal(2, s.Fire(14_000, 1, Plan, retractions).Count);
        Apply(s, 2, 12_500, 14_000, value: 3); // extends the second one: revision 1, same start
        Assert.Equal(1, Assert.Single(s.FireUpdates(14_000, 2, Plan, retractions)).Revision);
        Assert.Empty(retractions);

        // 11_100 (proto [11_100, 12_100)) moves the second session's start to 11_100; 10_900 (proto [10_900, 11_900)) then
        // bridges [10_000, 11_000) and [11_100, 13_500): the two fired sessions are one, under the first one's start.
        Assert.Equal(ApplyOutcome.AcceptedUpdate, Apply(s, 3, 11_100, 15_000, value: 4));
        Assert.Equal(ApplyOutcome.AcceptedUpdate, Apply(s, 4, 10_900, 15_000, value: 5));
        var merged = Assert.Single(s.FireUpdates(15_000, 3, Plan, retractions));
        Assert.Equal((10_000L, 13_500L, 5L, 2), (merged.WindowStart, merged.WindowEnd, merged.Count, merged.Revision));
        Assert.Equal((15.0, 1.0, 5.0), (merged.Sum!.Value, merged.Min!.Value, merged.Max!.Value));
        var retraction = Assert.Single(retractions);
        Assert.Equal((12_000L, 2, 10_000L), (retraction.WindowStart, retraction.Revision, retraction.ReplacedBy));
        Assert.Equal(1, s.OpenSessionCount);
    }

    [Fact]
    public void Merging_two_fired_sessions_under_a_new_earlier_start_retracts_both()
    {
        var s = Create();
        Apply(s, 0, 10_000, long.MinValue);
        Apply(s, 1, 11_500, long.MinValue);
        var retractions = new List<WindowRetraction>();
        Assert.Equal(2, s.Fire(13_000, 1, Plan, retractions).Count);
        Apply(s, 2, 10_800, 13_000); // bridges [10_000, 11_000) and [11_500, 12_500)
        Apply(s, 3, 9_500, 13_000);  // and moves the start before both
        var merged = Assert.Single(s.FireUpdates(13_000, 2, Plan, retractions));
        Assert.Equal((9_500L, 4L, 1), (merged.WindowStart, merged.Count, merged.Revision));
        Assert.Equal([10_000L, 11_500L], retractions.Select(r => r.WindowStart).Order());
    }

    [Fact]
    public void An_update_that_moves_the_end_past_the_watermark_fires_when_the_watermark_gets_there()
    {
        var s = Create();
        Apply(s, 0, 10_000, long.MinValue);
        var retractions = new List<WindowRetraction>();
        Assert.Single(s.Fire(11_000, 1, Plan, retractions));
        Assert.Equal(ApplyOutcome.AcceptedUpdate, Apply(s, 1, 10_800, 11_000)); // end 11_800 > 11_000
        Assert.Empty(s.FireUpdates(11_000, 2, Plan, retractions));
        Assert.True(s.HasPendingUpdates);
        Assert.Empty(s.Fire(11_700, 3, Plan, retractions));
        var update = Assert.Single(s.Fire(11_800, 4, Plan, retractions));
        Assert.Equal((10_000L, 11_800L, 2L, 1), (update.WindowStart, update.WindowEnd, update.Count, update.Revision));
        Assert.Empty(retractions);
        Assert.False(s.HasPendingUpdates);
    }

    [Fact]
    public void A_new_session_within_lateness_that_is_already_due_fires_at_once_with_revision_0()
    {
        var s = Create();
        Assert.Equal(ApplyOutcome.AcceptedUpdate, Apply(s, 0, 10_000, 12_000)); // 11_000 <= 12_000 < 16_000
        var r = Assert.Single(s.FireUpdates(12_000, 1, Plan, []));
        Assert.Equal((10_000L, 11_000L, 0), (r.WindowStart, r.WindowEnd, r.Revision));
    }

    [Fact]
    public void An_event_beyond_lateness_that_overlaps_no_held_session_is_late()
    {
        var s = Create();
        Apply(s, 0, 10_000, long.MinValue);
        Assert.Single(s.Fire(11_000, 1, Plan, []));
        Assert.Equal(ApplyOutcome.Late, Apply(s, 1, 3_000, 11_000)); // 4_000 + 5_000 <= 11_000, overlaps nothing
        Assert.Equal(ApplyOutcome.AcceptedUpdate, Apply(s, 2, 5_001, 11_000)); // 6_001 + 5_000 > 11_000: within lateness
        Assert.Equal(2, s.OpenSessionCount);
    }

    [Fact]
    public void An_event_past_its_own_lateness_still_joins_a_held_session_it_overlaps()
    {
        var t = Create();
        for (var i = 0; i < 10; i++)
        {
            Apply(t, i, 10_000 + (i * 900), long.MinValue);
        }

        Assert.Single(t.Fire(19_200, 1, Plan, [])); // [10_000, 19_100) fired, held until 24_100
        Assert.Equal(ApplyOutcome.AcceptedUpdate, Apply(t, 20, 9_500, 16_000)); // 10_500 + 5_000 <= 16_000 alone, but it overlaps
    }

    [Fact]
    public void Fired_sessions_are_dropped_once_the_watermark_passes_end_plus_lateness()
    {
        var s = Create();
        Apply(s, 0, 10_000, long.MinValue);
        var retractions = new List<WindowRetraction>();
        Assert.Single(s.Fire(11_000, 1, Plan, retractions));
        Assert.Empty(s.Fire(15_999, 2, Plan, retractions));
        Assert.Equal(1, s.OpenSessionCount);
        Assert.Empty(s.Fire(16_000, 3, Plan, retractions));
        Assert.Equal(0, s.OpenSessionCount);
        Assert.Empty(s.Groups);
        Assert.Equal(ApplyOutcome.Late, Apply(s, 1, 9_900, 16_000)); // 10_900 + 5_000 <= 16_000, and [10_000, 11_000) is gone
    }

    [Fact]
    public void A_dropped_session_takes_no_event_even_before_the_advance_removes_it()
    {
        var s = Create();
        Apply(s, 0, 10_000, long.MinValue);
        Assert.Single(s.Fire(11_000, 1, Plan, []));

        // The event's batch brings 17_000 before the grain advanced past 16_000: [10_000, 11_000) is closed all the same.
        Assert.Equal(ApplyOutcome.Late, Apply(s, 1, 10_500, 17_000));
        Assert.Equal(ApplyOutcome.AcceptedUpdate, Apply(s, 2, 11_500, 17_000)); // 12_500 + 5_000 > 17_000: its own session
        var r = Assert.Single(s.FireUpdates(17_000, 2, Plan, []));
        Assert.Equal((11_500L, 1L, 0), (r.WindowStart, r.Count, r.Revision));
    }

    [Fact]
    public void Without_allowed_lateness_a_fired_session_is_final_and_nothing_is_retained()
    {
        var s = Create(lateness: 0);
        Apply(s, 0, 10_000, long.MinValue);
        Assert.Single(s.Fire(11_000, 1, Plan));
        Assert.Equal(0, s.OpenSessionCount);
        Assert.Equal(ApplyOutcome.Late, Apply(s, 1, 9_900, 11_000));
        Assert.Equal(ApplyOutcome.Accepted, Apply(s, 2, 10_500, 11_000));
        Assert.False(s.HasPendingUpdates);
    }

    [Fact]
    public void With_allowed_lateness_a_firing_needs_somewhere_to_put_retractions()
    {
        var s = Create();
        Assert.Throws<ArgumentNullException>(() => s.Fire(0, 0, Plan));
    }

    [Fact]
    public void Retained_and_pending_sessions_survive_a_state_round_trip()
    {
        var s = Create();
        Apply(s, 0, 10_000, long.MinValue);
        Apply(s, 1, 12_000, long.MinValue, key: null);
        Assert.Equal(2, s.Fire(13_000, 1, Plan, []).Count);
        Apply(s, 2, 9_500, 13_000);
        var restored = JsonSerializer.Deserialize(JsonSerializer.Serialize(s, StreamStateJsonContext.Default.SessionWindowState),
            StreamStateJsonContext.Default.SessionWindowState)!;
        Assert.True(restored.HasPendingUpdates);
        var retractions = new List<WindowRetraction>();
        var update = Assert.Single(restored.FireUpdates(13_000, 2, Plan, retractions));
        Assert.Equal((9_500L, 1), (update.WindowStart, update.Revision));
        Assert.Equal(10_000L, Assert.Single(retractions).WindowStart);
        Assert.Equal(ApplyOutcome.AcceptedUpdate, Apply(restored, 3, 12_100, 13_000, key: null));
    }
}
