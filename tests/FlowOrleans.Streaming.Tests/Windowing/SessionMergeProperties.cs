using FlowOrleans.Streaming.Aggregation;
using FlowOrleans.Streaming.Windowing;
using FsCheck;
using FsCheck.Fluent;

namespace FlowOrleans.Streaming.Tests.Windowing;

public class SessionMergeProperties
{
    private static readonly Gen<(int Key, int Ts, int Value)> Events =
        Gen.Choose(0, 3).SelectMany(_ => Gen.Choose(0, 3_000), (k, ts) => (k, ts))
            .SelectMany(_ => Gen.Choose(-50, 50), (e, v) => (e.k, e.ts, v));

    private static readonly Gen<((int Key, int Ts, int Value)[] Events, int Gap, int Seed)> Cases =
        Gen.ArrayOf(Events).SelectMany(_ => Gen.Choose(1, 400), (events, gap) => (events, gap))
            .SelectMany(_ => Gen.Choose(0, int.MaxValue - 1), (c, seed) => (c.events, c.gap, seed));

    [Fact]
    public void Any_permutation_of_on_time_events_yields_the_same_sessions()
    {
        Prop.ForAll(Arb.From(Cases), c =>
        {
            var shuffled = c.Events.ToArray();
            new Random(c.Seed).Shuffle(shuffled);
            return Sessions(c.Events, c.Gap).SequenceEqual(Sessions(shuffled, c.Gap));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Sessions_are_the_gap_separated_runs_of_each_key()
    {
        Prop.ForAll(Arb.From(Cases), c =>
        {
            var expected = new List<string>();
            foreach (var group in c.Events.GroupBy(e => e.Key).OrderBy(g => g.Key))
            {
                var sorted = group.OrderBy(e => e.Ts).ToList();
                var run = new List<(int Key, int Ts, int Value)> { sorted[0] };
                for (var i = 1; i <= sorted.Count; i++)
                {
                    if (i == sorted.Count || sorted[i].Ts - run[^1].Ts >= c.Gap)
                    {
                        expected.Add(Describe("k" + group.Key, run[0].Ts, run[^1].Ts + c.Gap, run.Count, run.Sum(e => e.Value)));
                        if (i < sorted.Count)
                        {
                            run = [sorted[i]];
                        }
                    }
                    else
                    {
                        run.Add(sorted[i]);
                    }
                }
            }

            expected.Sort(StringComparer.Ordinal);
            return expected.SequenceEqual(Sessions(c.Events, c.Gap));
        }).QuickCheckThrowOnFailure();
    }

    private static List<string> Sessions((int Key, int Ts, int Value)[] events, int gap)
    {
        var state = SessionWindowState.Create("p", 0, gap);
        for (var i = 0; i < events.Length; i++)
        {
            var (key, ts, value) = events[i];
            var e = new LoggedEvent(0, i, 0, new StreamEvent("e" + i, ts, value, "k" + key, null));
            Assert.Equal(ApplyOutcome.Accepted, state.Apply(in e, e.Event.Key, long.MinValue, AggregatePlan.Basic));
        }

        var sessions = state.Fire(long.MaxValue, 0, AggregatePlan.Basic)
            .Select(r => Describe(r.Key!, r.WindowStart, r.WindowEnd, r.Count, r.Sum ?? 0)).ToList();
        sessions.Sort(StringComparer.Ordinal);
        return sessions;
    }

    private static string Describe(string key, long start, long end, long count, double sum) => $"{key}:{start}-{end}:{count}:{sum}";
}
