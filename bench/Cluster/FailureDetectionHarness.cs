using System.Diagnostics;
using System.Globalization;
using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;
using FlowOrleans.TestingHost;

namespace FlowOrleans.Bench.Cluster;

/// <summary>
/// Failure detection: in a 3-silo TestCluster on loopback TCP, kills one silo (sockets and timers stop, no
/// membership write) and times how long until its row reads Dead and until every survivor's view shows it
/// dead. Runs our defaults <c>--runs</c> times, then Orleans' defaults once as the baseline.
/// Usage: <c>dotnet run -c Release --project bench -- failure-detection [--runs 5] [--skip-orleans]</c>
/// </summary>
public static class FailureDetectionHarness
{
    public static async Task RunAsync(string[] args)
    {
        var runs = int.Parse(Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var ours = new List<(TimeSpan Table, TimeSpan Views)>();
        for (var i = 0; i < runs; i++)
        {
            var result = await MeasureAsync(null);
            ours.Add(result);
            Console.WriteLine($"ours    run {i + 1}: Dead in the table after {result.Table.TotalSeconds:F2} s, in every survivor's view after {result.Views.TotalSeconds:F2} s");
        }

        Console.WriteLine($"ours: median {Median(ours.Select(r => r.Table)):F2} s to Dead in the table, max {ours.Max(r => r.Views).TotalSeconds:F2} s to every view");
        if (args.Contains("--skip-orleans"))
        {
            return;
        }

        var orleans = await MeasureAsync(OrleansDefaults);
        Console.WriteLine($"Orleans' defaults: Dead in the table after {orleans.Table.TotalSeconds:F2} s (views follow at its 60 s table refresh)");
        Console.WriteLine($"ratio (Orleans' defaults / ours, table): {orleans.Table / TimeSpan.FromSeconds(Median(ours.Select(r => r.Table))):F1}x");
    }

    private static async Task<(TimeSpan Table, TimeSpan Views)> MeasureAsync(Action<ClusterMembershipOptions>? membership)
    {
        await using var cluster = new TestCluster(new TestClusterOptions { ConfigureMembership = membership });
        await cluster.StartAsync(3);
        var killed = cluster.Silos[1];
        var survivors = cluster.Silos.Where(s => s != killed).ToList();
        var clock = Stopwatch.StartNew();
        await cluster.KillSiloAsync(killed);
        TimeSpan? table = null;
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        while (true)
        {
            if (table is null && (await cluster.MembershipTable.ReadAllAsync()).Find(killed.SiloAddress)?.Entry.Status == SiloStatus.Dead)
            {
                table = clock.Elapsed;
                if (membership is not null)
                {
                    return (table.Value, table.Value);
                }
            }

            if (table is not null && survivors.All(s => s.Membership.Current.GetStatus(killed.SiloAddress) == SiloStatus.Dead))
            {
                return (table.Value, clock.Elapsed);
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException("The killed silo was not declared dead within 2 minutes.");
            }

            await poll.WaitForNextTickAsync();
        }
    }

    /// <summary>Orleans' defaults (see <see cref="ClusterMembershipOptions"/>): 5 s probes, 3 misses, 60 s table refresh.</summary>
    private static void OrleansDefaults(ClusterMembershipOptions o)
    {
        o.ProbeInterval = TimeSpan.FromSeconds(5);
        o.ProbeTimeout = TimeSpan.FromSeconds(5);
        o.NumMissedProbesLimit = 3;
        o.NumProbedSilos = 10;
        o.NumVotesForDeathDeclaration = 2;
        o.DeathVoteExpirationTimeout = TimeSpan.FromMinutes(2);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromMinutes(5);
        o.NumMissedTableIAmAliveLimit = 2;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(60);
    }

    private static double Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalSeconds).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
