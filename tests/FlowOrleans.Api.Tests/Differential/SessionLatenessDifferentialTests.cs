using System.Text.Json;
using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Durability.Results;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Engine;
using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.Streaming.Tests.Differential;

namespace FlowOrleans.Api.Tests.Differential;

/// <summary>
/// Session windows with allowed lateness against the round-by-round recomputation (<see cref="SessionLatenessOracle"/>):
/// a seeded, disordered stream of many keys and keyless events, with events that extend, move and bridge fired sessions
/// within the lateness and events beyond it. Through a node (POSTed in concurrent batches) and through the in-process
/// engine, every session's count, sum, min, max and avg and every late event must match, and no result may remain
/// under a start that a merge retracted.
/// </summary>
public sealed class SessionLatenessDifferentialTests(FlowNodeFactory node) : IClassFixture<FlowNodeFactory>
{
    private const long Gap = 1_000;
    private const long Lateness = 3_000;
    private static readonly RoundSpec Spec = new() { Seed = 7, Events = 16_000, Rounds = 80, Keys = 100, LateFraction = 0.15 };

    private static PipelineDefinition Pipeline
    {
        get
        {
            var p = PipelineDefinition.Default;
            p.Name = "late-sessions";
            p.Window = new WindowDefinition { Type = WindowTypes.Session, Gap = Gap };
            p.AllowedLateness = Lateness;
            p.Types = [.. SessionLatenessStream.Types];
            p.Shards = 2;
            p.Aggregates = ["count", "sum", "min", "max", "avg"];
            return p;
        }
    }

    [Fact]
    public Task Every_session_and_late_event_through_a_node_matches_the_recomputation() => ThroughNodeAsync(node);

    [Fact]
    public void The_engine_matches_the_same_recomputation()
    {
        var (rounds, oracle) = Generate();
        var engine = new PipelineEngine(Pipeline);
        foreach (var step in RoundStream.Steps(rounds, Spec.Partitions))
        {
            engine.ProcessBatch(step.Batch!, step.Now);
        }

        // What a result store makes of the outputs: the latest revision of each result, minus the retracted ones.
        var index = new ResultIndex();
        engine.Results.ForEach(r => index.Upsert(r));
        engine.Retractions.ForEach(r => index.Retract(r));
        var actual = index.InRecencyOrder.ToDictionary(r => (BatchOracle.KeyOf(r.Key), r.WindowStart));
        var missing = oracle.Windows.Keys.Except(actual.Keys).Order().Take(10).ToList();
        var extra = actual.Keys.Except(oracle.Windows.Keys).Order().Take(10).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"{actual.Count} results, expected {oracle.Windows.Count}; missing {string.Join(", ", missing)}; unexpected {string.Join(", ", extra)}");
        foreach (var (id, expected) in oracle.Windows)
        {
            var r = actual[id];
            var values = expected.Values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
            Assert.Equal((expected.End, (long)expected.Values.Count), (r.WindowEnd, r.Count));
            Assert.Equal(values.Count == 0 ? null : (double?)values.Min(), r.Min);
            Assert.Equal(values.Count == 0 ? null : (double?)values.Max(), r.Max);
            Assert.True(values.Count == 0 ? r.Sum is null : Math.Abs(values.Sum() - r.Sum!.Value) <= 1e-9 * Math.Max(1, Math.Abs(values.Sum())), $"{id}: sum {r.Sum}");
        }

        Assert.Equal(oracle.Late.Order(), engine.LateEvents.Select(l => (l.Id, l.WindowStart)).Order());
    }

    /// <summary>Sends the stream to <paramref name="node"/> round by round and compares what it shows with the recomputation.</summary>
    internal static async Task ThroughNodeAsync(FlowNodeFactory node)
    {
        var (rounds, oracle) = Generate();
        var pipeline = Pipeline;
        var api = new FlowApi(node.CreateClient());
        await api.CreatePipelineAsync(JsonSerializer.Serialize(pipeline, PipelineJsonContext.Default.PipelineDefinition));
        foreach (var round in rounds)
        {
            await RoundDriver.SendAsync(api, round, Spec, [pipeline]);
        }

        await NodeComparison.AssertMatchesAsync(api, pipeline, oracle.Windows, oracle.Late);

        // /recent holds the latest revision of each result: none under a retracted start either.
        var recent = (await api.Http.GetStringAsync("/recent?limit=100000"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<WindowResult>(l, FlowApi.Json)!)
            .Where(r => r.Pipeline == pipeline.Name)
            .ToList();
        Assert.Equal(oracle.Windows.Count, recent.Count);
        Assert.All(recent, r => Assert.True(oracle.Windows.ContainsKey((BatchOracle.KeyOf(r.Key), r.WindowStart)), $"/recent shows ({r.Key}, {r.WindowStart})"));
    }

    private static (List<Round> Rounds, SessionLatenessOracle Oracle) Generate()
    {
        var (rounds, oracle) = SessionLatenessStream.Generate(Spec, Gap, Lateness);
        Assert.True(oracle.AcceptedWithinLateness > 300 && oracle.Retracting > 30 && oracle.Late.Count > 300,
            $"{oracle.AcceptedWithinLateness} accepted within lateness, {oracle.Retracting} retracting, {oracle.Late.Count} late: the stream exercises too little");
        Assert.Contains(oracle.Windows.Keys, k => k.Key == BatchOracle.KeyOf(null));
        return (rounds, oracle);
    }
}

/// <summary>The same stream through a node whose session grains take the cluster's write-through path.</summary>
public sealed class SessionLatenessWriteThroughDifferentialTests(WriteThroughNodeFactory node) : IClassFixture<WriteThroughNodeFactory>
{
    [Fact]
    public Task Every_session_and_late_event_with_write_through_matches_the_recomputation() =>
        SessionLatenessDifferentialTests.ThroughNodeAsync(node);
}
