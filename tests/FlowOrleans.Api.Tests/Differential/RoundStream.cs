using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Partitioning;
using FlowOrleans.Streaming.Tests.Differential;

namespace FlowOrleans.Api.Tests.Differential;

/// <summary>How the seeded stream for the end-to-end differential tests is made.</summary>
internal sealed record RoundSpec
{
    public int Seed { get; init; } = 42;
    public int Events { get; init; } = 20_000;
    public int Rounds { get; init; } = 80;
    /// <summary>How far stream time moves per round.</summary>
    public long RoundMs { get; init; } = 2_000;
    public int Partitions { get; init; } = 4;
    public int Keys { get; init; } = 60;
    public double KeylessFraction { get; init; } = 0.1;
    public double LateFraction { get; init; } = 0.12;
    /// <summary>Events, from the third round on, for windows that no on-time event ever opened (late: those windows expired).</summary>
    public double OrphanFraction { get; init; } = 0.01;
    /// <summary>The watermark delay of every pipeline under test.</summary>
    public long Delay { get; init; } = 5_000;
    /// <summary>The largest window size or session gap of the pipelines under test.</summary>
    public long LongestWindow { get; init; } = 10_000;
    public int MaxBatch { get; init; } = 400;
}

/// <summary>One round: its events in POST batches (shuffled, so out of order), then one marker per partition at <see cref="MaxTs"/>.</summary>
internal sealed record Round(int Index, long MaxTs, List<StreamEvent[]> Batches, StreamEvent[] Markers)
{
    /// <summary>The watermark once every partition has processed the round.</summary>
    public long Watermark(RoundSpec spec) => MaxTs - spec.Delay;
}

/// <summary>
/// A seeded disordered stream delivered in rounds, built so that the result cannot depend on how the node interleaves
/// its partitions: every event is either on time for every window it belongs to (its <c>ts</c> is at least the watermark
/// the round ends with, so none of its windows can fire before it is processed) or late for all of them (its windows
/// ended two rounds before, and had on-time events, so they fired and closed). After each round the test waits until
/// every pipeline's watermark reached the round's. From the third round on, a few events are far older than the stream:
/// their windows never had an on-time event, but the watermark passed their end, so they are late all the same (CONTRACT
/// §3, Flink's expired windows), keyed and keyless, in every window type. So <see cref="BatchOracle"/> with one delivery step per round
/// recomputes exactly what the node must produce. Many keys, keyless events, values missing now and then, mixed types.
/// </summary>
internal static class RoundStream
{
    public const long Epoch = 1_700_000_000_000;
    private static readonly string[] Types = ["normal", "important", "critical", "normal", "info"];

    public static List<Round> Generate(RoundSpec spec)
    {
        var rng = new Random(spec.Seed);
        var perRound = spec.Events / spec.Rounds;
        var lateLag = (2 * spec.RoundMs) + spec.Delay + spec.LongestWindow + 1_000;
        var rounds = new List<Round>(spec.Rounds + 1);
        var n = 0;
        for (var r = 0; r < spec.Rounds; r++)
        {
            var maxTs = Epoch + spec.Delay + (r * spec.RoundMs);
            var events = new List<StreamEvent>(perRound);
            for (var i = 0; i < perRound; i++)
            {
                var ts = maxTs - rng.NextInt64(0, spec.Delay + 1);
                if (rng.NextDouble() < spec.LateFraction)
                {
                    var lateTs = maxTs - rng.NextInt64(lateLag, 45_000);
                    if (lateTs >= Epoch + (3 * spec.LongestWindow))
                    {
                        ts = lateTs; // Windows that saw on-time events: they fired and closed.
                    }
                }

                if (r >= 2 && rng.NextDouble() < spec.OrphanFraction)
                {
                    // Long before the stream: no on-time event ever opened these windows (or sessions), yet they expired.
                    ts = Epoch - 100_000 - rng.NextInt64(0, 400_000);
                }

                string? key = rng.NextDouble() < spec.KeylessFraction ? null : "k" + rng.Next(spec.Keys);
                double? value = rng.NextDouble() < 0.05 ? null : Math.Round((rng.NextDouble() * 1100) - 100, 3);
                events.Add(new StreamEvent("e" + n++, ts, value, key, Types[rng.Next(Types.Length)]));
            }

            rounds.Add(new Round(r, maxTs, Split(events, rng, spec.MaxBatch), Markers(r, maxTs, spec.Partitions)));
        }

        // A last round of markers far ahead fires every window of the stream.
        var flushTs = rounds[^1].MaxTs + (6 * spec.LongestWindow);
        rounds.Add(new Round(spec.Rounds, flushTs, [], Markers(spec.Rounds, flushTs, spec.Partitions)));
        return rounds;
    }

    /// <summary>The rounds as the oracle's delivery steps: one step per round, events at their partitions' next offsets.</summary>
    public static List<DeliveryStep> Steps(List<Round> rounds, int partitions)
    {
        var offsets = new long[partitions];
        var steps = new List<DeliveryStep>(rounds.Count);
        foreach (var round in rounds)
        {
            var now = Epoch + 1_000_000 + (round.Index * 1_000L);
            var logged = new List<LoggedEvent>();
            foreach (var e in round.Batches.SelectMany(b => b).Concat(round.Markers))
            {
                var p = EventPartitioner.PartitionOf(e, partitions);
                logged.Add(new LoggedEvent(p, offsets[p]++, now, e));
            }

            steps.Add(new DeliveryStep([.. logged], now));
        }

        return steps;
    }

    /// <summary>The events shuffled into POST batches of 1 to <paramref name="maxBatch"/>.</summary>
    public static List<StreamEvent[]> Split(List<StreamEvent> events, Random rng, int maxBatch)
    {
        var shuffled = events.OrderBy(_ => rng.Next()).ToList();
        var batches = new List<StreamEvent[]>();
        for (var at = 0; at < shuffled.Count;)
        {
            var size = Math.Min(rng.Next(1, maxBatch + 1), shuffled.Count - at);
            batches.Add([.. shuffled.GetRange(at, size)]);
            at += size;
        }

        return batches;
    }

    /// <summary>One marker event per partition at <paramref name="ts"/>: each partition moves to it.</summary>
    public static StreamEvent[] Markers(int round, long ts, int partitions) =>
        [.. Enumerable.Range(0, partitions).Select(p => new StreamEvent($"m{round}-{p}", ts, round, FlowApi.KeyInPartition("marker", p, partitions), "marker"))];
}
