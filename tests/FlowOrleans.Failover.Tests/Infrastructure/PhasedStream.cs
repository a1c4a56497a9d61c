using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Partitioning;
using FlowOrleans.Streaming.Tests.Differential;

namespace FlowOrleans.Failover.Tests.Infrastructure;

/// <summary>
/// A seeded, disordered stream cut into phases whose outcome does not depend on how a cluster interleaves the
/// partitions. Phase 0 gives every partition one event at the stream's start, so every partition holds the watermark
/// from then on. In later phases stream time moves on by <see cref="MsPerEvent"/> per event and most events lag it by
/// up to 3 s (never late: a partition's own progress holds the watermark 5 s behind it); the others are meant to be
/// late: their window ended at least 10 s before the watermark the previous phase reached. Each phase is ingested
/// only once the previous one has fired every window it closed, so each event is classified against exactly the
/// watermark <see cref="BatchOracle"/> uses for its phase. The last phase moves every partition a minute ahead, so
/// every window of the stream fires.
/// </summary>
internal sealed class PhasedStream
{
    public const long Epoch = 1_700_000_000_000;
    public const long Delay = 5_000;
    private const long MsPerEvent = 20;
    private static readonly string[] Types = ["normal", "important", "critical", "info"];

    public required int Partitions { get; init; }

    /// <summary>The events of each phase, in ingest order.</summary>
    public required List<List<StreamEvent>> Phases { get; init; }

    /// <summary>The watermark once phase <c>k</c> is processed.</summary>
    public required List<long> Watermarks { get; init; }

    public static PhasedStream Generate(int seed, int partitions, int events, int phases, int keys = 60, double lateFraction = 0.1)
    {
        var rng = new Random(seed);
        var maxTs = new long[partitions];
        var result = new List<List<StreamEvent>>();
        var watermarks = new List<long>();
        var prime = new List<StreamEvent>();
        for (var i = 0; prime.Select(e => EventPartitioner.PartitionOf(e, partitions)).Distinct().Count() < partitions; i++)
        {
            prime.Add(new StreamEvent($"prime{i}", Epoch, 1, $"prime{i}", "normal"));
        }

        Add(prime);
        var perPhase = events / phases;
        var id = 0;
        for (var phase = 0; phase < phases; phase++)
        {
            var batch = new List<StreamEvent>(perPhase);
            for (var i = 0; i < perPhase; i++, id++)
            {
                var streamTime = Epoch + 3_000 + (id * MsPerEvent);
                var late = phase > 0 && rng.NextDouble() < lateFraction;
                var ts = late
                    ? Math.Max(Epoch, watermarks[^1] - 10_000 - rng.NextInt64(0, 20_000))
                    : streamTime - rng.NextInt64(0, 3_000);
                string? key = rng.NextDouble() < 0.1 ? null : "k" + rng.Next(keys);
                double? value = rng.NextDouble() < 0.05 ? null : Math.Round((rng.NextDouble() * 1100) - 100, 3);
                batch.Add(new StreamEvent("e" + id, ts, value, key, Types[rng.Next(Types.Length)]));
            }

            Add(batch);
        }

        var end = maxTs.Max() + 60_000;
        Add([.. Enumerable.Range(0, prime.Count).Select(i => new StreamEvent($"flush{i}", end, 1, $"prime{i}", "normal"))]);
        return new PhasedStream { Partitions = partitions, Phases = result, Watermarks = watermarks };

        void Add(List<StreamEvent> batch)
        {
            foreach (var e in batch)
            {
                var p = EventPartitioner.PartitionOf(e, partitions);
                maxTs[p] = Math.Max(maxTs[p], e.Ts);
            }

            result.Add(batch);
            watermarks.Add(maxTs.Min() - Delay);
        }
    }

    /// <summary>The batch recomputation of the first <paramref name="phaseCount"/> phases, each phase one delivery step.</summary>
    public BatchOracle Oracle(int phaseCount)
    {
        var oracle = new BatchOracle(new OracleSpec("tumbling", 10_000, 10_000, 0, 0, Delay, 0, long.MaxValue / 4, false, null, true));
        var offsets = new long[Partitions];
        var steps = Phases.Take(phaseCount).Select((phase, k) => new DeliveryStep(
            [.. phase.Select(e =>
            {
                var p = EventPartitioner.PartitionOf(e, Partitions);
                return new LoggedEvent(p, offsets[p]++, Epoch, e);
            })],
            Epoch + k)).ToList();
        oracle.Run(steps);
        return oracle;
    }
}
