using FlowOrleans.Streaming.Aggregation;
using FsCheck;
using FsCheck.Fluent;

namespace FlowOrleans.Streaming.Tests.Aggregation;

public class AccumulatorProperties
{
    [Fact]
    public void Splitting_events_over_shards_and_merging_in_any_order_gives_the_same_aggregate()
    {
        var plan = AggregatorRegistry.CreateDefault().Resolve(["p50", "p99", "range"]);
        var values = Gen.Choose(-1_000, 1_000).Select(v => v % 7 == 0 ? (int?)null : v);
        var cases = Gen.ArrayOf(values).SelectMany(_ => Gen.Choose(1, 5), (vs, shards) => (vs, shards))
            .SelectMany(_ => Gen.Choose(0, 1_000_000), (c, seed) => (c.vs, c.shards, seed));
        Prop.ForAll(Arb.From(cases), c =>
        {
            var whole = new Accumulator();
            var parts = Enumerable.Range(0, c.shards).Select(_ => new Accumulator()).ToArray();
            var rng = new Random(c.seed);
            foreach (var v in c.vs)
            {
                var e = new StreamEvent("x", 0, v, null, null);
                whole.Add(e, plan);
                parts[rng.Next(parts.Length)].Add(e, plan);
            }

            rng.Shuffle(parts);
            var merged = new Accumulator();
            foreach (var p in parts)
            {
                merged.Merge(p, plan);
            }

            var a = whole.ToResult("p", null, 0, 1, 0, 0, plan);
            var b = merged.ToResult("p", null, 0, 1, 0, 0, plan);
            return a.Count == b.Count && a.Sum == b.Sum && a.Min == b.Min && a.Max == b.Max
                && a.Aggregates!["p50"] == b.Aggregates!["p50"] && a.Aggregates["p99"] == b.Aggregates["p99"]
                && a.Aggregates["range"] == b.Aggregates["range"];
        }).QuickCheckThrowOnFailure();
    }
}
