using FlowOrleans.Api.Tests.Infrastructure;

namespace FlowOrleans.Api.Tests.Sessions;

/// <summary>Session windows with allowed lateness through a whole node: revisions, merges that remove a start, late events.</summary>
public sealed class SessionLatenessApiTests(FlowNodeFactory node) : IClassFixture<FlowNodeFactory>
{
    [Fact]
    public async Task Updates_replace_results_merges_remove_the_old_start_and_events_beyond_the_lateness_are_late()
    {
        var scenario = new SessionLatenessScenario(new FlowApi(node.CreateClient()), "slate");
        await scenario.TwoSessionsFireAsync();
        await scenario.AnUpdateReplacesTheFirstResultAsync();
        await scenario.ABridgeMergesThemAsync();
        await scenario.BeyondTheLatenessAnEventIsLateAsync();
    }
}

/// <summary>The same steps with the cluster's write-through path of the session grain.</summary>
public sealed class SessionLatenessWriteThroughTests(WriteThroughNodeFactory node) : IClassFixture<WriteThroughNodeFactory>
{
    [Fact]
    public async Task Updates_merges_and_late_events_are_the_same_with_write_through()
    {
        var scenario = new SessionLatenessScenario(new FlowApi(node.CreateClient()), "slate-wt");
        await scenario.TwoSessionsFireAsync();
        await scenario.AnUpdateReplacesTheFirstResultAsync();
        await scenario.ABridgeMergesThemAsync();
        await scenario.BeyondTheLatenessAnEventIsLateAsync();
    }
}
