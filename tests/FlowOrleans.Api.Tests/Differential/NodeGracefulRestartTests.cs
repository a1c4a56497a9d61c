using FlowOrleans.Api.Tests.Infrastructure;

namespace FlowOrleans.Api.Tests.Differential;

/// <summary>
/// The main command as a real process, stopped gracefully (SIGTERM) mid-stream while its partitions have fed windows
/// since their last checkpoint, then restarted on the same data directory: the shutdown logs no failed call or
/// deactivation, and every window and late event still matches the batch recomputation.
/// </summary>
public sealed class NodeGracefulRestartTests : IDisposable
{
    private static readonly IReadOnlyList<Streaming.Pipelines.PipelineDefinition> Pipelines = StreamPipelines.OnePerType;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "flow-restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [Fact]
    public async Task A_graceful_stop_logs_no_error_and_the_restart_is_exact()
    {
        var spec = new RoundSpec { Seed = 5, Events = 6_000, Rounds = 30 };
        var rounds = RoundStream.Generate(spec);
        var stopAfter = rounds.Count / 2;

        // Checkpoints far apart: at the stop every partition has fed windows that only the shutdown checkpoints.
        string[] settings = ["--Flow:CheckpointInterval=00:10:00"];
        var first = await NodeProcess.StartAsync(_dataDir, settings);
        try
        {
            var api = new FlowApi(first.Http);
            foreach (var body in StreamPipelines.RestBodies(Pipelines))
            {
                await api.CreatePipelineAsync(body);
            }

            for (var r = 0; r < stopAfter; r++)
            {
                await RoundDriver.SendAsync(api, rounds[r], spec, Pipelines);
            }

            Assert.Equal(0, await first.StopAsync());
            var complaints = first.Lines.Where(l => l.Contains("cannot activate", StringComparison.Ordinal)
                || l.Contains("OnDeactivateAsync", StringComparison.Ordinal) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(complaints.Count == 0, "the graceful stop logged:\n" + string.Join('\n', first.Lines));
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await NodeProcess.StartAsync(_dataDir, settings);
        var again = new FlowApi(second.Http);
        for (var r = stopAfter; r < rounds.Count; r++)
        {
            await RoundDriver.SendAsync(again, rounds[r], spec, Pipelines);
        }

        var steps = RoundStream.Steps(rounds, spec.Partitions);
        foreach (var pipeline in Pipelines)
        {
            var oracle = StreamPipelines.Recompute(pipeline, steps);
            await NodeComparison.AssertMatchesAsync(again, pipeline, oracle, rounds[^1].Watermark(spec));
        }
    }
}
