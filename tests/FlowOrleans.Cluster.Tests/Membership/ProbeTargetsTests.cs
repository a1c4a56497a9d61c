using System.Net;
using FlowOrleans.Runtime.Membership;

namespace FlowOrleans.Cluster.Tests.Membership;

public sealed class ProbeTargetsTests
{
    [Fact]
    public void Each_silo_probes_its_successors_so_every_live_silo_is_watched_by_as_many_others()
    {
        var silos = Enumerable.Range(0, 6).Select(Silo).ToList();
        var table = Table(silos.Select(s => (s, SiloStatus.Active)));
        var watchers = silos.ToDictionary(s => s, _ => 0);
        foreach (var silo in silos)
        {
            var targets = ProbeTargets.Select(table, silo, 3);
            Assert.Equal(3, targets.Count);
            Assert.DoesNotContain(silo, targets);
            foreach (var target in targets)
            {
                watchers[target]++;
            }
        }

        Assert.All(watchers.Values, count => Assert.Equal(3, count));
    }

    [Fact]
    public void Joining_and_dead_silos_are_not_probed()
    {
        var table = Table([(Silo(0), SiloStatus.Active), (Silo(1), SiloStatus.Joining), (Silo(2), SiloStatus.Dead), (Silo(3), SiloStatus.ShuttingDown)]);
        Assert.Equal([Silo(3)], ProbeTargets.Select(table, Silo(0), 3));
    }

    [Fact]
    public void A_lone_silo_probes_nobody() =>
        Assert.Empty(ProbeTargets.Select(Table([(Silo(0), SiloStatus.Active)]), Silo(0), 3));

    private static SiloAddress Silo(int i) => new(new IPEndPoint(IPAddress.Loopback, 12_000 + i), 1);

    private static MembershipTableData Table(IEnumerable<(SiloAddress Silo, SiloStatus Status)> rows) =>
        new([.. rows.Select(r => new MembershipRow(new MembershipEntry
        {
            SiloAddress = r.Silo,
            Status = r.Status,
            StartTime = DateTimeOffset.UnixEpoch,
            IAmAliveTime = DateTimeOffset.UnixEpoch,
        }, "1"))], new TableVersion(1, "1"));
}
