using System.Diagnostics;
using FlowOrleans.AzureStorage.Tests;
using FlowOrleans.Failover.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FlowOrleans.Failover.Tests;

/// <summary>
/// Three silos on real TCP with every stream state in Azurite tables: a seeded, disordered stream goes in phase by
/// phase, a silo is killed (no deactivation, no flush) right after a phase is appended, the stream finishes, and every
/// window and late event is compared exactly with the batch recomputation: nothing lost, nothing counted twice.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TestClusterFailoverTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Partitions = 4;
    private static readonly TimeSpan PhaseDeadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Killing_a_silo_mid_stream_loses_nothing_and_counts_nothing_twice()
    {
        var stream = PhasedStream.Generate(seed: 42, Partitions, events: 12_000, phases: 6);
        await using var cluster = await StreamingCluster.StartAsync(azurite, silos: 3, Partitions);
        var clock = Stopwatch.StartNew();
        for (var phase = 0; phase < stream.Phases.Count; phase++)
        {
            await cluster.IngestAsync(stream.Phases[phase]);
            if (phase == 3)
            {
                var victim = cluster.Cluster.RunningSilos[1];
                await cluster.Cluster.KillSiloAsync(victim);
                output.WriteLine($"{clock.Elapsed}: killed {victim.Name} after appending phase {phase}");
            }

            await WaitUntilProcessedAsync(cluster, stream, phase);
            output.WriteLine($"{clock.Elapsed}: phase {phase} processed, watermark {stream.Watermarks[phase]}");
        }

        var oracle = stream.Oracle(stream.Phases.Count);
        Assert.InRange(oracle.Late.Count, 500, 2_000);
        ExactComparison.AssertMatches(oracle, stream.Watermarks[^1], cluster.Mirror, StreamingCluster.Pipeline);
    }

    private async Task DiagnoseAsync(StreamingCluster cluster)
    {
        for (var p = 0; p < Partitions; p++)
        {
            try
            {
                var info = await cluster.Cluster.RunningSilos[0].GrainFactory.GetGrain<FlowOrleans.GrainInterfaces.IPartitionGrain>(p).GetInfoAsync();
                output.WriteLine($"partition {p}: {info}");
            }
            catch (Exception ex)
            {
                output.WriteLine($"partition {p}: {ex}");
            }
        }

        try
        {
            output.WriteLine($"watermark: {await cluster.Cluster.RunningSilos[0].GrainFactory.GetGrain<FlowOrleans.GrainInterfaces.IWatermarkGrain>(StreamingCluster.Pipeline).GetAsync()}");
        }
        catch (Exception ex)
        {
            output.WriteLine($"watermark: {ex}");
        }
    }

    /// <summary>Waits until the watermark reached the phase's and every window it closed has its result in the mirror.</summary>
    private async Task WaitUntilProcessedAsync(StreamingCluster cluster, PhasedStream stream, int phase)
    {
        var oracle = stream.Oracle(phase + 1);
        var watermark = stream.Watermarks[phase];
        var expected = ExactComparison.FiredBy(oracle, watermark);
        bool Done((long? Watermark, HashSet<(string Key, long Start)> Stored, long Late) s) =>
            s.Watermark == watermark && expected.IsSubsetOf(s.Stored) && s.Late >= oracle.Late.Count;
        var last = await Eventually.LastValueAsync(
            async () => (Watermark: (await cluster.WatermarkAsync())?.Watermark, Stored: ExactComparison.Stored(cluster.Mirror, StreamingCluster.Pipeline), Late: cluster.Mirror.LateCount),
            Done, PhaseDeadline, poll: TimeSpan.FromMilliseconds(100)); // each read scans the mirror
        if (!Done(last))
        {
            await DiagnoseAsync(cluster);
            Assert.Fail($"Phase {phase} was not processed within {PhaseDeadline}: watermark {last.Watermark} (expected {watermark}), " +
                $"{expected.Count(last.Stored.Contains)} of {expected.Count} windows stored, {last.Late} of {oracle.Late.Count} late records.");
        }
    }
}
