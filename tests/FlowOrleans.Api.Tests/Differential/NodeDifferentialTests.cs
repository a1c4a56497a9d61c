using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Streaming.Tests.Differential;

namespace FlowOrleans.Api.Tests.Differential;

/// <summary>
/// 20,000 seeded, disordered events (about 10% late, 60 keys and keyless ones) POSTed over HTTP in concurrent batches to
/// a node, through the default and alerts pipelines and three created over REST (sliding, sessions, a global tumbling
/// one with an offset and shards). Every window's count, sum, min, max and avg, and every late event, must equal the batch
/// recomputation; every window shows once.
/// </summary>
public sealed class NodeDifferentialTests(FlowNodeFactory node) : IClassFixture<FlowNodeFactory>
{
    [Fact]
    public async Task Every_window_and_late_event_matches_batch_recomputation()
    {
        var api = new FlowApi(node.CreateClient());
        foreach (var body in StreamPipelines.RestBodies(StreamPipelines.All))
        {
            await api.CreatePipelineAsync(body);
        }

        var spec = new RoundSpec();
        var rounds = RoundStream.Generate(spec);
        foreach (var round in rounds)
        {
            await RoundDriver.SendAsync(api, round, spec, StreamPipelines.All);
        }

        var steps = RoundStream.Steps(rounds, spec.Partitions);
        var watermark = rounds[^1].Watermark(spec);
        foreach (var pipeline in StreamPipelines.All)
        {
            var oracle = StreamPipelines.Recompute(pipeline, steps);
            var (counted, late) = NodeComparison.Totals(oracle, watermark);
            Assert.True(counted > 10_000 && late > 500, $"{pipeline.Name}: {counted} counted, {late} late: the stream exercises too little");
            await NodeComparison.AssertMatchesAsync(api, pipeline, oracle, watermark);
        }

        var defaultOracle = StreamPipelines.Recompute(Streaming.Pipelines.PipelineDefinition.Default, steps);
        var lateFraction = (double)defaultOracle.Late.Count / spec.Events;
        Assert.InRange(lateFraction, 0.07, 0.15);
        Assert.Contains(defaultOracle.Windows.Keys, k => k.Key == BatchOracle.KeyOf(null));
    }
}
