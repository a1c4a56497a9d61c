using FlowOrleans.Cluster.Tests.Infrastructure;
using FlowOrleans.Runtime.Membership;
using FlowOrleans.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Cluster.Tests.Membership;

/// <summary>The membership service in a TestCluster whose probes run over the in-process probe network.</summary>
public sealed class MembershipServiceTests
{
    private readonly InProcessProbeNetwork _network = new();

    [Fact]
    public async Task Silos_join_as_active_and_every_silo_sees_all_of_them()
    {
        await using var cluster = Clusters.Create(_network);
        await cluster.StartAsync(3);

        var table = await cluster.MembershipTable.ReadAllAsync();
        Assert.Equal(3, table.Rows.Count);
        Assert.All(table.Rows, r => Assert.Equal(SiloStatus.Active, r.Entry.Status));
        Assert.All(cluster.Silos, s => Assert.Equal(3, s.Membership.Current.Active.Count()));
        Assert.Equal(["silo-0", "silo-1", "silo-2"], table.Rows.Select(r => r.Entry.SiloName).Order());
    }

    [Fact]
    public async Task A_silo_that_leaves_gracefully_writes_dead_and_the_others_see_it_go_without_probing()
    {
        await using var cluster = Clusters.Create(_network, o =>
        {
            Clusters.Fast(o);
            o.NumMissedProbesLimit = 1_000; // probes could never declare it dead: the silo's own write must
        });
        await cluster.StartAsync(3);
        var leaving = cluster.Silos[1];
        var statuses = new List<SiloStatus>();
        using var watch = leaving.Membership.Subscribe(s => { lock (statuses) { statuses.Add(s.GetStatus(leaving.SiloAddress)); } });

        await cluster.StopSiloAsync(leaving);
        await cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromSeconds(5));

        var row = (await cluster.MembershipTable.ReadAllAsync()).Find(leaving.SiloAddress)!;
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Empty(row.Entry.SuspectTimes);
        lock (statuses)
        {
            Assert.Equal([SiloStatus.ShuttingDown, SiloStatus.Dead], statuses.Distinct());
        }
    }

    [Fact]
    public async Task A_killed_silo_is_suspected_and_declared_dead_by_the_others()
    {
        await using var cluster = Clusters.Create(_network);
        await cluster.StartAsync(3);
        var killed = cluster.Silos[2];

        await cluster.KillSiloAsync(killed);
        await cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromSeconds(5));

        var row = (await cluster.MembershipTable.ReadAllAsync()).Find(killed.SiloAddress)!;
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.NotEmpty(row.Entry.SuspectTimes);
        Assert.All(row.Entry.SuspectTimes, v => Assert.NotEqual(killed.SiloAddress, v.Voter));
    }

    [Fact]
    public async Task A_dead_generation_never_joins_again_but_a_restart_on_its_endpoint_joins_as_a_new_generation()
    {
        await using var cluster = Clusters.Create(_network);
        await cluster.StartAsync(2);
        var killed = cluster.Silos[1];
        await cluster.KillSiloAsync(killed);
        await cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromSeconds(5));

        var writer = new MembershipTableWriter(cluster.MembershipTable);
        var again = new MembershipEntry
        {
            SiloAddress = killed.SiloAddress,
            Status = SiloStatus.Joining,
            StartTime = DateTimeOffset.UtcNow,
            IAmAliveTime = DateTimeOffset.UtcNow,
        };
        Assert.False(await writer.TryJoinAsync(again));
        Assert.False(await writer.TryUpdateStatusAsync(killed.SiloAddress, SiloStatus.Active));

        var restarted = await cluster.StartSiloAsync(killed.SiloAddress.Endpoint);
        await cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(killed.SiloAddress.Endpoint, restarted.SiloAddress.Endpoint);
        Assert.True(restarted.SiloAddress.Generation > killed.SiloAddress.Generation);
        var table = await cluster.MembershipTable.ReadAllAsync();
        Assert.Equal(SiloStatus.Dead, table.Find(killed.SiloAddress)!.Entry.Status);
        Assert.Equal(SiloStatus.Active, table.Find(restarted.SiloAddress)!.Entry.Status);
    }

    [Fact]
    public async Task A_silo_the_others_declare_dead_stops_hosting_and_stops_its_host()
    {
        await using var cluster = Clusters.Create(_network);
        await cluster.StartAsync(3);
        var victim = cluster.Silos[0];
        var grain = victim.GrainFactory.GetGrain<Grains.IAccountGrain>(OwnedKey(victim));
        await grain.Deposit(5);

        _network.Isolate(victim.SiloAddress);
        await Eventually.TrueAsync(() => !victim.IsRunning, "the isolated silo read that it is dead and stopped");
        await cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(SiloStatus.Dead, victim.Status);
        await Eventually.TrueAsync(() => victim.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopped.IsCancellationRequested,
            "the dead silo's host stopped");
        Assert.Equal(0, victim.Services.GetRequiredService<ActivationCatalog>().Count);
        await Assert.ThrowsAnyAsync<GrainCallFailedException>(() => grain.Deposit(1));
    }

    /// <summary>A key that <paramref name="silo"/> owns on the current ring.</summary>
    internal static string OwnedKey(SiloHandle silo, int skip = 0)
    {
        var placement = silo.Services.GetRequiredService<IPlacementDirector>();
        return Enumerable.Range(0, 10_000).Select(i => "k" + i)
            .Where(k => placement.PlaceGrain(new GrainId("account", k)) == silo.SiloAddress)
            .Skip(skip).First();
    }
}
