using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;
using static FlowOrleans.AzureStorage.Tests.Membership.MembershipEntries;

namespace FlowOrleans.AzureStorage.Tests.Membership;

/// <summary>
/// Plays the probe schedule of two survivors against a killed silo on simulated time, applying the
/// oracle's writes to an in-memory table with its CAS rules, and checks when the silo is declared dead.
/// </summary>
public sealed class FailureDetectionTimeBoundTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(0.99, 0.0)]
    [InlineData(0.3, 0.7)]
    public async Task A_killed_silo_is_declared_dead_within_ten_seconds_and_not_before_its_probes_are_missed(double phaseA, double phaseB)
    {
        var options = new ClusterMembershipOptions();
        var oracle = new MembershipOracle(options);
        var table = new InMemoryMembershipTable();
        SiloAddress a = Silo(1), b = Silo(2), killed = Silo(3);
        var killedAt = T0;
        foreach (var silo in new[] { a, b, killed })
        {
            var data = await table.ReadAllAsync();
            Assert.True(await table.InsertRowAsync(Entry(silo, iAmAlive: killedAt), data.Version.Next()));
        }

        var probers = new[] { (Silo: a, Phase: phaseA), (Silo: b, Phase: phaseB) };
        for (var now = killedAt; now <= killedAt.AddSeconds(30); now += Step)
        {
            foreach (var (prober, phase) in probers)
            {
                var snapshot = await table.ReadAllAsync();
                var missed = new Dictionary<SiloAddress, int> { [killed] = MissedProbes(options, now - killedAt, phase) };
                foreach (var action in oracle.Decide(snapshot, prober, missed, now))
                {
                    await table.UpdateRowAsync(action.UpdatedEntry, action.Target.ETag, snapshot.Version.Next());
                }
            }

            if ((await table.ReadAllAsync()).Find(killed)!.Entry.Status == SiloStatus.Dead)
            {
                var detection = now - killedAt;
                Assert.True(detection <= TimeSpan.FromSeconds(10), $"declared dead after {detection}");
                Assert.True(detection >= options.ProbeTimeout * options.NumMissedProbesLimit, $"declared dead too early, after {detection}");
                return;
            }
        }

        Assert.Fail("The killed silo was never declared dead.");
    }

    /// <summary>
    /// Probes go out every <see cref="ClusterMembershipOptions.ProbeInterval"/>, the first one
    /// <paramref name="phase"/> of an interval after the kill; each is missed once its timeout passes.
    /// </summary>
    private static int MissedProbes(ClusterMembershipOptions options, TimeSpan sinceKill, double phase)
    {
        var count = 0;
        for (var sent = options.ProbeInterval * phase; sent + options.ProbeTimeout <= sinceKill; sent += options.ProbeInterval)
        {
            count++;
        }

        return count;
    }
}
