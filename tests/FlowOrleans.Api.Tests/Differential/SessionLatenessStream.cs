using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Tests.Differential;

namespace FlowOrleans.Api.Tests.Differential;

/// <summary>
/// A seeded, disordered stream for session windows with allowed lateness, in rounds as <see cref="RoundStream"/> makes
/// them (on-time events at or above the watermark the round ends with, shuffled into POST batches, then markers), plus
/// events older than the round's starting watermark: some just behind it (they extend, move or bridge fired sessions
/// still within their lateness, or open sessions that are due at once), some far behind (late, unless a long session
/// still held reaches back to them), and orphans long before the stream. An old event whose outcome would depend on
/// the watermark it is judged at (<see cref="SessionOutcome.Undecided"/>), or that shares its key and round with
/// another old one, is made on time instead. The oracle ends with the expected sessions and late records.
/// </summary>
internal static class SessionLatenessStream
{
    /// <summary>Every type but the markers', so the markers that move the watermark join no session.</summary>
    public static readonly string[] Types = ["normal", "important", "critical", "info"];

    public static (List<Round> Rounds, SessionLatenessOracle Oracle) Generate(RoundSpec spec, long gap, long lateness)
    {
        if (lateness < spec.RoundMs || spec.RoundMs <= gap)
        {
            throw new ArgumentException("The outcomes are decided only with lateness >= a round and a round > the gap.");
        }

        var rng = new Random(spec.Seed);
        var oracle = new SessionLatenessOracle(gap, lateness);
        var perRound = spec.Events / spec.Rounds;
        var rounds = new List<Round>(spec.Rounds + 1);
        var watermarks = new List<long>();
        var n = 0;
        for (var r = 0; r < spec.Rounds; r++)
        {
            var maxTs = RoundStream.Epoch + spec.Delay + (r * spec.RoundMs);
            var highest = maxTs - spec.Delay;
            var started = r >= 1 ? watermarks[r - 1] : long.MinValue;
            var lowest = r >= 2 ? watermarks[r - 2] : long.MinValue;
            var oldKeys = new HashSet<string>();
            var events = new List<StreamEvent>(perRound);
            var outcomes = new List<SessionOutcome>(perRound);
            for (var i = 0; i < perRound; i++)
            {
                string? key = rng.NextDouble() < spec.KeylessFraction ? null : "k" + rng.Next(spec.Keys);
                var group = BatchOracle.KeyOf(key);
                var ts = highest + rng.NextInt64(0, spec.Delay + 1);
                var outcome = SessionOutcome.Accepted;
                if (r >= 3 && rng.NextDouble() < spec.LateFraction)
                {
                    var old = rng.NextDouble() < 0.6
                        ? started - rng.NextInt64(1, lateness + (3 * gap))   // within reach of sessions still held
                        : started - rng.NextInt64(lateness + (3 * gap), 40_000);
                    if (rng.NextDouble() < spec.OrphanFraction * 10)
                    {
                        old = RoundStream.Epoch - 100_000 - rng.NextInt64(0, 400_000);
                    }

                    var judged = oracle.Classify(group, old, started, lowest, highest);
                    if (judged != SessionOutcome.Undecided && oldKeys.Add(group))
                    {
                        (ts, outcome) = (old, judged);
                    }
                }

                double? value = rng.NextDouble() < 0.05 ? null : Math.Round((rng.NextDouble() * 1100) - 100, 3);
                events.Add(new StreamEvent("e" + n++, ts, value, key, Types[rng.Next(Types.Length)]));
                outcomes.Add(outcome);
            }

            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                oracle.Apply(BatchOracle.KeyOf(e.Key), e.Id, e.Ts, e.Value, outcomes[i], started);
            }

            oracle.EndRound(highest);
            watermarks.Add(highest);
            rounds.Add(new Round(r, maxTs, RoundStream.Split(events, rng, spec.MaxBatch), RoundStream.Markers(r, maxTs, spec.Partitions)));
        }

        // A last round of markers far ahead fires every session and drops all of them.
        var flushTs = rounds[^1].MaxTs + spec.Delay + lateness + (10 * gap) + spec.RoundMs;
        rounds.Add(new Round(spec.Rounds, flushTs, [], RoundStream.Markers(spec.Rounds, flushTs, spec.Partitions)));
        oracle.EndRound(flushTs - spec.Delay);
        oracle.Finish();
        return (rounds, oracle);
    }
}
