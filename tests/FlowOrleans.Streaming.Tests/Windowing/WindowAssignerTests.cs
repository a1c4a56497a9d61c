using FlowOrleans.Streaming.Windowing;

namespace FlowOrleans.Streaming.Tests.Windowing;

public class WindowAssignerTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(9_999, 0)]
    [InlineData(10_000, 10_000)]
    [InlineData(1_700_000_012_345, 1_700_000_010_000)]
    [InlineData(-1, -10_000)]
    [InlineData(-10_000, -10_000)]
    [InlineData(-10_001, -20_000)]
    public void Tumbling_aligns_to_the_epoch(long ts, long start) =>
        Assert.Equal(start, new TumblingWindowAssigner(10_000).StartOf(ts));

    [Theory]
    [InlineData(2_999, -4_000)]
    [InlineData(3_000, 3_000)]
    [InlineData(9_999, 3_000)]
    [InlineData(10_000, 10_000)]
    [InlineData(-4_000, -4_000)]
    [InlineData(-4_001, -11_000)]
    public void Tumbling_with_offset_shifts_the_grid(long ts, long start) =>
        Assert.Equal(start, new TumblingWindowAssigner(7_000, 3_000).StartOf(ts));

    [Fact]
    public void Tumbling_with_negative_or_larger_offset_is_the_same_grid()
    {
        var a = new TumblingWindowAssigner(7_000, 3_000);
        Assert.Equal(a.StartOf(12_345), new TumblingWindowAssigner(7_000, -4_000).StartOf(12_345));
        Assert.Equal(a.StartOf(12_345), new TumblingWindowAssigner(7_000, 10_000).StartOf(12_345));
    }

    [Fact]
    public void Sliding_event_is_in_size_over_slide_windows_oldest_first()
    {
        var assigner = new SlidingWindowAssigner(10_000, 5_000);
        var starts = new long[assigner.MaxWindowsPerEvent];
        Assert.Equal(2, assigner.Assign(12_000, starts));
        Assert.Equal([5_000, 10_000], starts);
    }

    [Fact]
    public void Sliding_on_a_boundary_opens_a_window_and_leaves_one()
    {
        var assigner = new SlidingWindowAssigner(10_000, 5_000);
        var starts = new long[2];
        assigner.Assign(10_000, starts);
        Assert.Equal([5_000, 10_000], starts);
        assigner.Assign(9_999, starts);
        Assert.Equal([0, 5_000], starts);
    }

    [Fact]
    public void Sliding_handles_negative_times_and_slide_equal_to_size()
    {
        var starts = new long[3];
        new SlidingWindowAssigner(3_000, 1_000).Assign(-1, starts);
        Assert.Equal([-3_000, -2_000, -1_000], starts);
        var tumbling = new SlidingWindowAssigner(5_000, 5_000);
        Assert.Equal(1, tumbling.Assign(-1, starts));
        Assert.Equal(-5_000, starts[0]);
    }

    [Fact]
    public void Sliding_rejects_a_slide_that_does_not_divide_the_size() =>
        Assert.Throws<ArgumentException>(() => new SlidingWindowAssigner(10_000, 3_000));
}
