using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.Streaming.Tests.Differential;

/// <summary>
/// One differential test per window type and option: 20,000 seeded disordered events (about 10% late, 60 keys
/// plus keyless ones, replayed batches) through <c>PipelineEngine</c>, compared with a brute-force recomputation.
/// </summary>
public class DifferentialTests
{
    private static readonly StreamSpec Stream = new();

    [Fact]
    public void Tumbling_matches_batch_recomputation()
    {
        var run = DifferentialRun.Execute(PipelineDefinition.Default, Stream);
        run.AssertMatchesOracle();
        run.AssertConservation();
        Assert.InRange(run.LateFraction, 0.05, 0.2);
        Assert.Contains(run.Engine.Results, r => r.Key is null);
    }

    [Fact]
    public void Tumbling_with_offset_and_shards_matches_batch_recomputation()
    {
        var definition = PipelineDefinition.Default;
        definition.Name = "offset";
        definition.Window = new WindowDefinition { Type = WindowTypes.Tumbling, Size = 7_000, Offset = 3_000 };
        definition.Shards = 3;
        var run = DifferentialRun.Execute(definition, Stream with { Seed = 7 });
        run.AssertMatchesOracle();
        run.AssertConservation();
        Assert.All(run.Engine.Results, r => Assert.Equal(3_000, ((r.WindowStart % 7_000) + 7_000) % 7_000));
    }

    [Fact]
    public void Sliding_matches_batch_recomputation()
    {
        var definition = PipelineDefinition.Default;
        definition.Name = "sliding";
        definition.Window = new WindowDefinition { Type = WindowTypes.Sliding, Size = 9_000, Slide = 3_000 };
        var run = DifferentialRun.Execute(definition, Stream with { Seed = 11 });
        run.AssertMatchesOracle();
        run.AssertConservation();
        Assert.InRange(run.LateFraction, 0.05, 0.25);
    }

    [Fact]
    public void Session_matches_batch_recomputation()
    {
        var definition = PipelineDefinition.Default;
        definition.Name = "sessions";
        definition.Window = new WindowDefinition { Type = WindowTypes.Session, Gap = 1_500 };
        definition.Shards = 2;
        var run = DifferentialRun.Execute(definition, Stream with { Seed = 13 });
        run.AssertMatchesOracle();
        run.AssertConservation();
        Assert.Contains(run.Engine.Results, r => r.Count > 1);
        Assert.Contains(run.Engine.Results, r => r.WindowEnd - r.WindowStart > 3_000);
    }

    [Fact]
    public void Allowed_lateness_matches_batch_recomputation_with_revisions()
    {
        var definition = PipelineDefinition.Default;
        definition.Name = "lateness";
        definition.Window = new WindowDefinition { Type = WindowTypes.Tumbling, Size = 5_000 };
        definition.AllowedLateness = 10_000;
        var run = DifferentialRun.Execute(definition, Stream with { Seed = 17 });
        run.AssertMatchesOracle();
        run.AssertConservation();
        Assert.Contains(run.Engine.Results, r => r.Revision >= 2);
        Assert.NotEmpty(run.Engine.LateEvents);
    }

    [Fact]
    public void Types_filter_matches_batch_recomputation()
    {
        var run = DifferentialRun.Execute(PipelineDefinition.Alerts, Stream with { Seed = 19 });
        run.AssertMatchesOracle();
        run.AssertConservation();
        Assert.InRange(run.FilteredEvents, 6_000, 10_000);
    }

    [Fact]
    public void Global_group_matches_batch_recomputation()
    {
        var definition = PipelineDefinition.Default;
        definition.Name = "global";
        definition.GroupBy = null;
        var run = DifferentialRun.Execute(definition, Stream with { Seed = 23 });
        run.AssertMatchesOracle();
        run.AssertConservation();
        Assert.All(run.Engine.Results, r => Assert.Null(r.Key));
    }

    [Fact]
    public void Advance_on_idle_matches_batch_recomputation()
    {
        var definition = PipelineDefinition.Default;
        definition.Name = "idle";
        definition.AdvanceOnIdle = true;
        var spec = Stream with { Seed = 29, PauseEvery = 4_000, PauseLength = 60_000 };
        var run = DifferentialRun.Execute(definition, spec);
        run.AssertMatchesOracle();
        run.AssertConservation();

        var without = PipelineDefinition.Default;
        without.Name = "idle";
        var baseline = DifferentialRun.Execute(without, spec);
        baseline.AssertMatchesOracle();
        Assert.True(run.Engine.LateEvents.Count > baseline.Engine.LateEvents.Count, "advancing on idle makes post-pause stragglers late");
    }
}
