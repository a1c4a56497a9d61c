using FlowOrleans.Streaming.Aggregation;

namespace FlowOrleans.Streaming.Tests.Aggregation;

public class AggregatorTests
{
    private static StreamEvent Event(double? value) => new("x", 0, value, null, null);

    [Theory]
    [InlineData("p50", 0.5)]
    [InlineData("p99", 0.99)]
    [InlineData("p1", 0.01)]
    [InlineData("p99.9", 0.999)]
    public void Percentile_names_parse(string name, double quantile)
    {
        Assert.True(PercentileName.TryParse(name, out var q));
        Assert.Equal(quantile, q, 12);
    }

    [Theory]
    [InlineData("p")]
    [InlineData("p0")]
    [InlineData("p100")]
    [InlineData("p99.")]
    [InlineData("p99.99")]
    [InlineData("P50")]
    [InlineData("p5x")]
    [InlineData("p-1")]
    public void Bad_percentile_names_are_rejected(string name) => Assert.False(PercentileName.TryParse(name, out _));

    [Fact]
    public void Accumulator_merge_equals_adding_everything()
    {
        var plan = AggregatorRegistry.CreateDefault().Resolve(["count", "p50", "stddev", "range"]);
        var values = new double?[] { 3, null, -2, 10, 4.5, null, 7 };
        var all = new Accumulator();
        var a = new Accumulator();
        var b = new Accumulator();
        for (var i = 0; i < values.Length; i++)
        {
            all.Add(Event(values[i]), plan);
            (i < 3 ? a : b).Add(Event(values[i]), plan);
        }

        var empty = new Accumulator();
        empty.Merge(a, plan);
        empty.Merge(b, plan);
        var expected = all.ToResult("p", null, 0, 10, 0, 0, plan);
        var merged = empty.ToResult("p", null, 0, 10, 0, 0, plan);
        Assert.Equal((7L, 22.5, -2.0, 10.0, 4.5), (merged.Count, merged.Sum, merged.Min, merged.Max, merged.Avg));
        Assert.Equal(expected.Count, merged.Count);
        Assert.Equal(expected.Sum, merged.Sum);
        Assert.Equal(expected.Aggregates!["p50"], merged.Aggregates!["p50"]);
        Assert.Equal(12.0, merged.Aggregates["range"]);
        Assert.Equal(expected.Aggregates["stddev"]!.Value, merged.Aggregates["stddev"]!.Value, 12);
    }

    [Fact]
    public void Percentiles_never_read_outside_the_windows_min_and_max()
    {
        // 98.34 lies inside a sketch bin whose representative value is larger (the 1% bound allows up to 99.32).
        var plan = AggregatorRegistry.CreateDefault().Resolve(["min", "max", "p99", "p1"]);
        var acc = new Accumulator();
        foreach (var v in new double[] { 98.34, 98.34, 12.5, 98.34 })
        {
            acc.Add(Event(v), plan);
        }

        var sketch = new DDSketch();
        sketch.Add(98.34);
        Assert.NotEqual(98.34, sketch.Quantile(0.99)); // the raw estimate differs from the value...
        var result = acc.ToResult("p", null, 0, 10, 0, 0, plan);
        Assert.Equal(98.34, result.Aggregates!["p99"]); // ...and the result is clamped to the max,
        Assert.InRange(result.Aggregates["p1"]!.Value, 12.5, 12.5 * 1.01); // and to the min from below.
    }

    [Fact]
    public void Stddev_and_range_match_direct_computation()
    {
        var plan = AggregatorRegistry.CreateDefault().Resolve(["stddev", "range"]);
        var rng = new Random(3);
        var values = Enumerable.Range(0, 1_000).Select(_ => (rng.NextDouble() * 200) - 50).ToArray();
        var acc = new Accumulator();
        foreach (var v in values)
        {
            acc.Add(Event(v), plan);
        }

        var r = acc.ToResult("p", null, 0, 1, 0, 0, plan);
        var mean = values.Average();
        var stddev = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        Assert.Equal(stddev, r.Aggregates!["stddev"]!.Value, 9);
        Assert.Equal(values.Max() - values.Min(), r.Aggregates["range"]!.Value, 12);
        Assert.Null(new Accumulator().ToResult("p", null, 0, 1, 0, 0, plan).Aggregates!["stddev"]);
    }

    [Fact]
    public void Registry_resolves_by_name_and_accepts_new_customs()
    {
        var registry = AggregatorRegistry.CreateDefault();
        Assert.Same(AggregatePlan.Basic, registry.Resolve(["count", "avg"]));
        Assert.Throws<ArgumentException>(() => registry.Resolve(["nope"]));
        Assert.False(registry.IsKnown("last"));
        registry.Register(new LastValueAggregator());
        Assert.True(registry.IsKnown("last"));

        var plan = registry.Resolve(["p90", "last", "range"]);
        Assert.Equal(["p90"], plan.PercentileNames);
        Assert.Equal([0, 2], plan.CustomOffsets);
        var acc = new Accumulator();
        acc.Add(Event(1), plan);
        acc.Add(Event(9), plan);
        Assert.Equal(9, acc.ToResult("p", null, 0, 1, 0, 0, plan).Aggregates!["last"]);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("p50")]
    [InlineData("stddev")]
    [InlineData("bad name")]
    public void Registry_rejects_taken_or_invalid_names(string name) =>
        Assert.Throws<ArgumentException>(() => AggregatorRegistry.CreateDefault().Register(new NamedAggregator(name)));

    private sealed class LastValueAggregator : ICustomAggregator
    {
        public string Name => "last";
        public int StateSize => 2;
        public void Initialize(Span<double> state) => state[0] = double.NaN;
        public void Add(Span<double> state, StreamEvent e)
        {
            if (e.Value is { } v)
            {
                state[0] = v;
                state[1] = 1;
            }
        }

        public void Merge(Span<double> into, ReadOnlySpan<double> other)
        {
            if (other[1] == 1)
            {
                other.CopyTo(into);
            }
        }

        public double? Result(ReadOnlySpan<double> state) => state[1] == 1 ? state[0] : null;
    }

    private sealed class NamedAggregator(string name) : ICustomAggregator
    {
        public string Name => name;
        public int StateSize => 0;
        public void Initialize(Span<double> state)
        {
        }

        public void Add(Span<double> state, StreamEvent e)
        {
        }

        public void Merge(Span<double> into, ReadOnlySpan<double> other)
        {
        }

        public double? Result(ReadOnlySpan<double> state) => null;
    }
}
