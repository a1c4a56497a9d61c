using FlowOrleans.Api.Tests.Infrastructure;

namespace FlowOrleans.Api.Tests.Sessions;

/// <summary>
/// The main command as a real process, killed with <c>kill -9</c> right after a session merged within allowed lateness
/// was shown (a firing with a retraction), with no checkpoint since the pipeline started: the restart replays the whole
/// log. Queries still show the merged session only, and the next update continues from the revision shown.
/// </summary>
public sealed class SessionLatenessRestartTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "flow-slate-" + Guid.NewGuid().ToString("N"));

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
    public async Task A_kill_9_after_a_merge_keeps_the_merge_and_its_revisions()
    {
        // No partition checkpoint before the kill: only what the session grain wrote itself survives, and the log replays.
        string[] settings = ["--Flow:CheckpointInterval=00:10:00"];
        var first = await NodeProcess.StartAsync(_dataDir, settings);
        SessionLatenessScenario before;
        try
        {
            before = new SessionLatenessScenario(new FlowApi(first.Http), "slate");
            await before.TwoSessionsFireAsync();
            await before.AnUpdateReplacesTheFirstResultAsync();
            await before.ABridgeMergesThemAsync();
            await first.KillAsync();
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await NodeProcess.StartAsync(_dataDir, settings);
        var after = new SessionLatenessScenario(new FlowApi(second.Http), "slate");
        after.Continue(before);
        await after.AssertStillMergedAsync(revision: 2);
        await after.AnotherUpdateContinuesTheRevisionsAsync(revision: 3);
        await after.BeyondTheLatenessAnEventIsLateAsync();
    }
}
