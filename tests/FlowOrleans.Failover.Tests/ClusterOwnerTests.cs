using System.Diagnostics;
using FlowOrleans.Failover.Tests.Infrastructure;

namespace FlowOrleans.Failover.Tests;

/// <summary>
/// A test host that is killed (a hang timeout, a cancelled CI job) cannot run <c>cluster.sh down</c>: the cluster it
/// started must still go away, or its silos, gateway and Azurite keep running. <c>cluster.sh up --owner PID</c> leaves
/// a watchdog that runs <c>down</c> once that process is gone.
/// </summary>
public sealed class ClusterOwnerTests
{
    [Fact]
    public async Task A_cluster_goes_down_by_itself_once_the_process_that_started_it_is_killed()
    {
        using var owner = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        await using var cluster = new ClusterScript(silos: 1, partitions: 2, owner: owner.Id);
        try
        {
            await cluster.UpAsync();
            var pids = Directory.GetFiles(cluster.Directory, "*.pid", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith("watchdog.pid", StringComparison.Ordinal))
                .Select(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture))
                .ToList();
            Assert.True(pids.Count >= 3, $"azurite, the silo and the gateway have pid files: {string.Join(' ', pids)}");
            Assert.All(pids, pid => Assert.True(Alive(pid), $"process {pid} runs while its owner does"));

            owner.Kill();
            await Eventually.WaitAsync(() => Task.FromResult("alive: " + string.Join(' ', pids.Where(Alive))), alive => alive == "alive: ", TimeSpan.FromSeconds(60), "every process of the cluster gone");
        }
        catch (Exception ex)
        {
            cluster.KeepDirectory = true;
            throw new Xunit.Sdk.XunitException($"{ex.Message}\nlogs kept in {cluster.Directory}:\n{cluster.Logs(20)}");
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
