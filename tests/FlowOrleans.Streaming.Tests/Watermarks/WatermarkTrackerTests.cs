using System.Text.Json;
using FlowOrleans.Streaming.Watermarks;

namespace FlowOrleans.Streaming.Tests.Watermarks;

public class WatermarkTrackerTests
{
    private static WatermarkTracker Tracker(bool advanceOnIdle = false) =>
        new() { WatermarkDelay = 5_000, IdleTimeout = 30_000, AdvanceOnIdle = advanceOnIdle };

    [Fact]
    public void No_data_means_no_watermark()
    {
        var t = Tracker();
        Assert.Equal(long.MinValue, t.Advance(1_000_000));
    }

    [Fact]
    public void Watermark_is_the_minimum_over_partitions_with_data()
    {
        var t = Tracker();
        t.Observe(0, 20_000, 0, 1_000);
        Assert.Equal(15_000, t.Advance(1_000));
        t.Observe(1, 12_000, 0, 1_000);
        t.Observe(0, 40_000, 1, 1_000);
        Assert.Equal(15_000, t.Advance(1_000)); // partition 1 holds it at 7 000, but it never goes back
        t.Observe(1, 30_000, 1, 2_000);
        Assert.Equal(25_000, t.Advance(2_000));
        Assert.Equal(25_000, t.PartitionWatermark(1));
        Assert.Null(t.PartitionWatermark(7));
    }

    [Fact]
    public void A_partition_expected_to_have_data_holds_the_watermark_until_it_reports()
    {
        var t = Tracker();
        t.Expect(1, true, 1_000);
        t.Observe(0, 20_000, 0, 1_000);
        Assert.Equal(long.MinValue, t.Advance(1_000)); // partition 1 has unread events: window ends must wait for them
        Assert.Null(t.PartitionWatermark(1));
        t.Observe(1, 17_000, 0, 2_000);
        Assert.Equal(12_000, t.Advance(2_000));
        t.Expect(1, false, 3_000); // a partition that reported is unaffected
        t.Observe(0, 40_000, 1, 3_000);
        Assert.Equal(12_000, t.Advance(3_000));
    }

    [Fact]
    public void An_expected_partition_that_never_reports_stops_holding_the_watermark_once_idle()
    {
        var t = Tracker();
        t.Expect(1, true, 0);
        t.Observe(0, 20_000, 0, 0);
        t.Expect(1, true, 10_000); // still waiting: the idle clock runs from the first time it was seen waiting
        Assert.Equal(long.MinValue, t.Advance(29_999));
        Assert.Equal(15_000, t.Advance(30_000));
    }

    [Fact]
    public void An_expected_partition_whose_events_turn_out_processed_holds_nothing_back()
    {
        var t = Tracker();
        t.Expect(1, true, 0);
        t.Observe(0, 20_000, 0, 0);
        Assert.Equal(long.MinValue, t.Advance(1_000));
        t.Expect(1, false, 2_000); // its events were committed before this pipeline heard of them
        Assert.Equal(15_000, t.Advance(2_000));
        Assert.DoesNotContain(1, t.Partitions.Keys);
    }

    [Fact]
    public void Older_events_do_not_lower_a_partitions_max()
    {
        var t = Tracker();
        t.Observe(0, 20_000, 0, 0);
        t.Observe(0, 10_000, 1, 0);
        Assert.Equal(15_000, t.Advance(0));
    }

    [Fact]
    public void An_idle_partition_stops_holding_the_watermark_back()
    {
        var t = Tracker();
        t.Observe(0, 10_000, 0, 0);
        t.Observe(1, 50_000, 0, 0);
        Assert.Equal(5_000, t.Advance(0));
        t.Observe(1, 60_000, 1, 29_999);
        Assert.Equal(5_000, t.Advance(29_999));
        Assert.False(t.IsIdle(0, 29_999));
        Assert.True(t.IsIdle(0, 30_000));
        Assert.Equal(55_000, t.Advance(30_000));
    }

    [Fact]
    public void When_every_partition_is_idle_the_max_applies_and_it_stops_without_advance_on_idle()
    {
        var t = Tracker();
        t.Observe(0, 10_000, 0, 0);
        t.Observe(1, 20_000, 0, 0);
        Assert.Equal(15_000, t.Advance(30_000));
        Assert.Equal(15_000, t.Advance(90_000));
    }

    [Fact]
    public void Advance_on_idle_moves_with_processing_time_once_all_are_idle()
    {
        var t = Tracker(advanceOnIdle: true);
        t.Observe(0, 10_000, 0, 0);
        t.Observe(1, 20_000, 0, 1_000);
        Assert.Equal(5_000, t.Advance(1_000));
        Assert.Equal(15_000, t.Advance(30_500)); // partition 0 idle, partition 1 still active
        Assert.Equal(15_000, t.Advance(31_000)); // all idle since 31 000: advancing starts here
        Assert.Equal(25_000, t.Advance(41_000));
        t.Observe(0, 12_000, 1, 42_000); // new data: partition 0 is active again and holds at 7 000, but no going back
        Assert.Equal(25_000, t.Advance(42_000));
    }

    [Fact]
    public void State_round_trips_through_json()
    {
        var t = Tracker(advanceOnIdle: true);
        t.Observe(3, 20_000, 9, 100);
        t.Advance(100);
        var copy = JsonSerializer.Deserialize(JsonSerializer.Serialize(t, StreamStateJsonContext.Default.WatermarkTracker),
            StreamStateJsonContext.Default.WatermarkTracker)!;
        Assert.Equal(15_000, copy.Watermark);
        Assert.Equal(9, copy.Partitions[3].LastOffset);
        Assert.True(copy.AdvanceOnIdle);
    }
}
