using System.Text.Json;
using FlowOrleans.Streaming.Aggregation;
using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Streaming.Tests.Windowing;

public class WindowStateTests
{
    private static readonly AggregatePlan Plan = AggregatePlan.Basic;

    private static LoggedEvent Event(long offset, long ts, double? value, string? key = "a", int partition = 0) =>
        new(partition, offset, 1_000, new StreamEvent("e" + offset, ts, value, key, null));

    private static ApplyOutcome Apply(WindowState w, LoggedEvent e, long watermark) => w.Apply(in e, e.Event.Key, watermark, Plan);

    [Fact]
    public void Aggregates_per_key_and_fires_once_at_the_window_end()
    {
        var w = WindowState.Create("p", 0, 10_000, 0, 0);
        Assert.Equal(ApplyOutcome.Accepted, Apply(w, Event(0, 1_000, 5), 0));
        Assert.Equal(ApplyOutcome.Accepted, Apply(w, Event(1, 2_000, -3), 0));
        Assert.Equal(ApplyOutcome.Accepted, Apply(w, Event(2, 3_000, null), 0));
        Assert.Equal(ApplyOutcome.Accepted, Apply(w, Event(3, 3_000, 7, key: null), 0));

        Assert.Empty(w.Fire(9_999, 50, Plan));
        var results = w.Fire(10_000, 60, Plan);
        Assert.Equal(2, results.Count);
        var a = Assert.Single(results, r => r.Key == "a");
        Assert.Equal((3L, 2.0, -3.0, 5.0, 1.0, 0, 60L), (a.Count, a.Sum, a.Min, a.Max, a.Avg, a.Revision, a.EmittedAt));
        var global = Assert.Single(results, r => r.Key is null);
        Assert.Equal(1, global.Count);
        Assert.Empty(w.Fire(20_000, 70, Plan));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("a")]
    public void A_window_no_on_time_event_opened_is_late_once_the_pipeline_watermark_passed_its_end(string? key)
    {
        var w = WindowState.Create("p", 0, 10_000, 0, 0);
        var judgeAt = WindowState.LatenessWatermark(opened: false, pipelineWatermark: 10_000);
        Assert.Equal(ApplyOutcome.Late, Apply(w, Event(0, 1_000, 5, key), judgeAt));
        Assert.Empty(w.AppliedOffsets); // Nothing of it is kept: a replay is judged the same way again.
        Assert.Equal(ApplyOutcome.Late, Apply(w, Event(0, 1_000, 5, key), judgeAt));

        var open = WindowState.LatenessWatermark(opened: false, pipelineWatermark: 9_999);
        Assert.Equal(ApplyOutcome.Accepted, Apply(w, Event(1, 2_000, 5, key), open));
    }

    [Fact]
    public void An_opened_window_is_judged_by_its_durable_closed_flag_alone()
    {
        Assert.Equal(long.MinValue, WindowState.LatenessWatermark(opened: true, pipelineWatermark: 50_000));
        var lateness = WindowState.Create("p", 0, 10_000, 0, 5_000);
        Assert.Equal(ApplyOutcome.Late, Apply(lateness, Event(0, 1_000, 5), WindowState.LatenessWatermark(false, 15_000)));
        Assert.Equal(ApplyOutcome.Accepted, Apply(lateness, Event(1, 1_000, 5), WindowState.LatenessWatermark(false, 14_999)));
    }

    [Fact]
    public void A_group_without_values_has_null_sum_min_max_avg()
    {
        var w = WindowState.Create("p", 0, 10, 0, 0);
        Apply(w, Event(0, 1, null), 0);
        var r = Assert.Single(w.Fire(10, 0, Plan));
        Assert.Equal(1, r.Count);
        Assert.Null(r.Sum);
        Assert.Null(r.Min);
        Assert.Null(r.Max);
        Assert.Null(r.Avg);
    }

    [Fact]
    public void Without_allowed_lateness_an_event_at_watermark_equal_to_end_is_late()
    {
        var w = WindowState.Create("p", 0, 10_000, 0, 0);
        Assert.Equal(ApplyOutcome.Accepted, Apply(w, Event(0, 9_000, 1), 9_999));
        Assert.Equal(ApplyOutcome.Late, Apply(w, Event(1, 9_000, 1), 10_000));
        Assert.Equal(1, Assert.Single(w.Fire(10_000, 0, Plan)).Count);
    }

    [Fact]
    public void Allowed_lateness_emits_updated_revisions_then_closes()
    {
        var w = WindowState.Create("p", 0, 10_000, 0, 5_000);
        Apply(w, Event(0, 1_000, 1), 0);
        Assert.Equal(0, Assert.Single(w.Fire(10_000, 0, Plan)).Revision);

        Assert.Equal(ApplyOutcome.AcceptedUpdate, Apply(w, Event(1, 2_000, 2), 12_000));
        Assert.Equal(ApplyOutcome.AcceptedUpdate, Apply(w, Event(2, 2_500, 3, key: "b"), 12_000));
        var updates = w.Fire(12_000, 0, Plan);
        Assert.Equal(2, updates.Count);
        var a = Assert.Single(updates, r => r.Key == "a");
        Assert.Equal((1, 2L, 3.0), (a.Revision, a.Count, a.Sum));
        Assert.Equal(0, Assert.Single(updates, r => r.Key == "b").Revision);
        Assert.Empty(w.Fire(13_000, 0, Plan));

        Assert.Equal(ApplyOutcome.AcceptedUpdate, Apply(w, Event(3, 2_000, 4), 14_999));
        Assert.Equal(2, Assert.Single(w.Close(14_999, 0, Plan)).Revision);
        Assert.False(w.Closed);
        Assert.Empty(w.Close(15_000, 0, Plan));
        Assert.True(w.Closed);
        Assert.Equal(ApplyOutcome.Late, Apply(w, Event(4, 2_000, 5), 15_000));
    }

    [Fact]
    public void A_closed_window_drops_its_aggregates_and_judges_and_fires_as_before()
    {
        var w = WindowState.Create("p", 0, 10_000, 0, 0);
        Assert.Throws<InvalidOperationException>(w.ReleaseAggregates);
        Apply(w, Event(0, 1_000, 1), 0);
        Apply(w, Event(1, 1_500, 2, key: null), 0);
        Assert.Equal(2, w.Close(10_000, 0, Plan).Count);
        Assert.True(w.Closed);

        w.ReleaseAggregates();
        Assert.Empty(w.Groups);
        Assert.Null(w.NullGroup);
        Assert.Equal(ApplyOutcome.Duplicate, Apply(w, Event(1, 1_500, 2), 20_000));
        Assert.Equal(ApplyOutcome.Late, Apply(w, Event(2, 1_500, 2), long.MinValue));
        Assert.Empty(w.Close(30_000, 0, Plan));
        var copy = JsonSerializer.Deserialize(JsonSerializer.Serialize(w, StreamStateJsonContext.Default.WindowState), StreamStateJsonContext.Default.WindowState)!;
        Assert.True(copy.Closed);
        Assert.Equal(ApplyOutcome.Late, Apply(copy, Event(3, 1_500, 2), long.MinValue));
    }

    [Fact]
    public void Replayed_offsets_are_ignored_per_partition()
    {
        var w = WindowState.Create("p", 0, 10_000, 0, 0);
        Assert.Equal(ApplyOutcome.Accepted, Apply(w, Event(5, 1_000, 1, partition: 0), 0));
        Assert.Equal(ApplyOutcome.Accepted, Apply(w, Event(3, 1_000, 1, partition: 1), 0));
        Assert.Equal(ApplyOutcome.Duplicate, Apply(w, Event(5, 1_000, 1, partition: 0), 0));
        Assert.Equal(ApplyOutcome.Duplicate, Apply(w, Event(4, 1_000, 1, partition: 0), 0));
        Assert.Equal(ApplyOutcome.Accepted, Apply(w, Event(6, 1_000, 1, partition: 0), 0));
        Assert.Equal(3, Assert.Single(w.Fire(10_000, 0, Plan)).Count);
    }

    [Fact]
    public void Restored_state_replays_without_double_counting_and_does_not_fire_twice()
    {
        var w = WindowState.Create("p", 0, 10_000, 0, 0);
        Apply(w, Event(0, 1_000, 1), 0);
        Apply(w, Event(1, 1_000, 2), 0);
        var restored = JsonSerializer.Deserialize(JsonSerializer.Serialize(w, StreamStateJsonContext.Default.WindowState),
            StreamStateJsonContext.Default.WindowState)!;
        Assert.Equal(ApplyOutcome.Duplicate, Apply(restored, Event(0, 1_000, 1), 0));
        Assert.Equal(ApplyOutcome.Duplicate, Apply(restored, Event(1, 1_000, 2), 0));
        Assert.Equal(ApplyOutcome.Accepted, Apply(restored, Event(2, 1_000, 4), 0));
        var r = Assert.Single(restored.Fire(10_000, 0, Plan));
        Assert.Equal((3L, 7.0), (r.Count, r.Sum));

        var again = JsonSerializer.Deserialize(JsonSerializer.Serialize(restored, StreamStateJsonContext.Default.WindowState),
            StreamStateJsonContext.Default.WindowState)!;
        Assert.Empty(again.Fire(10_000, 0, Plan));
    }

    [Fact]
    public void Late_record_names_the_missed_window_and_the_watermark()
    {
        var e = Event(7, 1_234, 2.5, partition: 3);
        var record = Lateness.Record("p", in e, 0, 10_500);
        Assert.Equal(("e7", 1_234L, 2.5, 0L, 10_500L, 1_000L, 3, 7L),
            (record.Id, record.Ts, record.Value, record.WindowStart, record.Watermark, record.ReceivedAt, record.Partition, record.Offset));
    }

    [Theory]
    [InlineData(long.MinValue, 10, 0, false)]
    [InlineData(long.MaxValue, 10, 0, true)]
    [InlineData(long.MaxValue, -10, long.MaxValue, true)]
    [InlineData(14, 10, 5, false)]
    [InlineData(15, 10, 5, true)]
    public void Closed_test_is_overflow_safe(long watermark, long end, long lateness, bool closed) =>
        Assert.Equal(closed, Lateness.IsClosed(watermark, end, lateness));
}
