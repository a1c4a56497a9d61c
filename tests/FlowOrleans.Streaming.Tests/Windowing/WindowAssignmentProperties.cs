using FlowOrleans.Streaming.Windowing;
using FsCheck;
using FsCheck.Fluent;

namespace FlowOrleans.Streaming.Tests.Windowing;

public class WindowAssignmentProperties
{
    private static readonly Gen<long> Timestamps =
        Gen.Choose(-1_000_000, 1_000_000).SelectMany(hi => Gen.Choose(0, 999_999), (hi, lo) => ((long)hi * 1_000_000) + lo);

    [Fact]
    public void Sliding_every_ts_is_in_exactly_size_over_slide_windows_each_containing_it()
    {
        var cases = Timestamps.SelectMany(_ => Gen.Choose(1, 5_000), (ts, slide) => (ts, slide))
            .SelectMany(_ => Gen.Choose(1, 12), (c, k) => (c.ts, c.slide, k));
        Prop.ForAll(Arb.From(cases), c =>
        {
            var size = (long)c.slide * c.k;
            var assigner = new SlidingWindowAssigner(size, c.slide);
            var starts = new long[assigner.MaxWindowsPerEvent];
            var n = assigner.Assign(c.ts, starts);
            var distinct = starts.Distinct().Count() == n;
            var contains = starts.All(s => s <= c.ts && c.ts < s + size);
            var aligned = starts.All(s => s % c.slide == 0);
            // Brute force: the aligned starts in (ts - size, ts] are exactly the windows containing ts.
            var expected = Enumerable.Range(0, (int)c.k + 1)
                .Select(i => c.ts - (c.ts % c.slide + c.slide) % c.slide - ((long)i * c.slide))
                .Where(s => s > c.ts - size).ToArray();
            return n == size / c.slide && distinct && contains && aligned && expected.Length == n;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Tumbling_every_ts_is_in_one_aligned_window_containing_it()
    {
        var cases = Timestamps.SelectMany(_ => Gen.Choose(1, 100_000), (ts, size) => (ts, size))
            .SelectMany(_ => Gen.Choose(-200_000, 200_000), (c, offset) => (c.ts, c.size, offset));
        Prop.ForAll(Arb.From(cases), c =>
        {
            var start = new TumblingWindowAssigner(c.size, c.offset).StartOf(c.ts);
            return start <= c.ts && c.ts < start + c.size && (start - c.offset) % c.size == 0;
        }).QuickCheckThrowOnFailure();
    }
}
