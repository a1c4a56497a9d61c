using FlowOrleans.Cluster.Tests.Grains;
using FlowOrleans.Cluster.Tests.Infrastructure;
using FlowOrleans.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Cluster.Tests.Placement;

/// <summary>
/// Ring placement and handoff in a TestCluster. Each grain is called through its owner's co-hosted
/// factory (the in-process probe network carries no grain calls), which is where any silo's request ends up.
/// </summary>
public sealed class HandoffTests
{
    private const int GrainCount = 300;
    private readonly InProcessProbeNetwork _network = new();

    [Fact]
    public async Task Every_silo_places_each_grain_on_the_same_silo_and_the_grains_spread_over_all_of_them()
    {
        await using var cluster = Clusters.Create(_network);
        await cluster.StartAsync(3);

        var owners = Keys().Select(k => Owners(cluster, k).Distinct().Single()).ToList();
        var perSilo = owners.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, perSilo.Count);
        Assert.All(perSilo.Values, count => Assert.InRange(count, GrainCount / 3 * 0.6, GrainCount / 3 * 1.4));
    }

    [Fact]
    public async Task After_a_silo_is_killed_its_grains_activate_elsewhere_with_their_persisted_state()
    {
        await using var cluster = Clusters.Create(_network);
        await cluster.StartAsync(3);
        await DepositEverywhere(cluster, Deposit);
        var killed = cluster.Silos[1];
        var itsGrains = Keys().Where(k => Owner(cluster, k) == killed).ToList();
        Assert.NotEmpty(itsGrains);

        await cluster.KillSiloAsync(killed);
        await cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromSeconds(5));

        foreach (var key in itsGrains)
        {
            var owner = Owner(cluster, key);
            Assert.NotEqual(killed, owner);
            var grain = owner.GrainFactory.GetGrain<IAccountGrain>(key);
            Assert.Equal(Amount(key), await grain.Balance());
            Assert.Equal(owner.SiloAddress.ToString(), await grain.Silo());
        }

        await AssertOneActivationPerGrain(cluster);
    }

    [Fact]
    public async Task A_silo_that_leaves_gracefully_checkpoints_its_grains_as_it_hands_them_off()
    {
        await using var cluster = Clusters.Create(_network);
        await cluster.StartAsync(3);
        await DepositEverywhere(cluster, (grain, amount) => grain.DepositUnsaved(amount)); // only OnDeactivateAsync writes
        var leaving = cluster.Silos[0];
        var itsGrains = Keys().Where(k => Owner(cluster, k) == leaving).ToList();

        await cluster.StopSiloAsync(leaving);
        await cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromSeconds(5));

        foreach (var key in itsGrains)
        {
            Assert.Equal(Amount(key), await Owner(cluster, key).GrainFactory.GetGrain<IAccountGrain>(key).Balance());
        }
    }

    [Fact]
    public async Task When_a_silo_joins_some_grains_move_to_it_after_checkpointing_and_each_grain_keeps_one_activation()
    {
        await using var cluster = Clusters.Create(_network);
        await cluster.StartAsync(2);
        await DepositEverywhere(cluster, (grain, amount) => grain.DepositUnsaved(amount));

        var joined = await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromSeconds(5));
        var moving = Keys().Where(k => Owner(cluster, k) == joined).ToList();
        Assert.InRange(moving.Count, GrainCount / 3 * 0.6, GrainCount / 3 * 1.4);
        var oldSilos = cluster.RunningSilos.Where(s => s != joined).ToList();
        await Eventually.TrueAsync(() => oldSilos.Sum(s => Catalog(s).Count) == GrainCount - moving.Count, "the old owners handed the moved grains off");

        foreach (var key in moving)
        {
            var grain = joined.GrainFactory.GetGrain<IAccountGrain>(key);
            Assert.Equal(Amount(key), await grain.Balance());
        }

        await AssertOneActivationPerGrain(cluster);
    }

    [Fact]
    public async Task A_stale_activation_on_a_silo_the_cluster_declared_dead_cannot_overwrite_the_new_owners_state()
    {
        var table = new PartitionableMembershipTable();
        await using var cluster = Clusters.Create(_network, table: table);
        await cluster.StartAsync(3);
        var stale = cluster.Silos[0];
        var key = MembershipOwnedKey(stale);
        var staleGrain = stale.GrainFactory.GetGrain<IAccountGrain>(key);
        Assert.Equal(10, await staleGrain.Deposit(10));

        // Cut the silo off from the others and from the table: it still believes it owns the grain.
        table.Partition(stale.SiloAddress);
        _network.Isolate(stale.SiloAddress);
        var survivors = cluster.Silos.Where(s => s != stale).ToList();
        await Eventually.TrueAsync(() => survivors.All(s => s.Membership.Current.GetStatus(stale.SiloAddress) == SiloStatus.Dead), "the others declared it dead");

        var newGrain = Owner(survivors, key).GrainFactory.GetGrain<IAccountGrain>(key);
        Assert.Equal(11, await newGrain.Deposit(1));

        // Two activations exist only while the stale silo has not read the table: its write is refused.
        Assert.Equal(SiloStatus.Active, stale.Status);
        await Assert.ThrowsAsync<InconsistentStateException>(() => staleGrain.Deposit(100));
        Assert.Equal(11, await newGrain.Balance());

        table.Heal(stale.SiloAddress);
        await Eventually.TrueAsync(() => !stale.IsRunning, "the stale silo read its death and stopped");
    }

    private static async Task DepositEverywhere(TestCluster cluster, Func<IAccountGrain, long, Task> deposit)
    {
        await Task.WhenAll(Keys().Select(k => deposit(Owner(cluster, k).GrainFactory.GetGrain<IAccountGrain>(k), Amount(k))));
        Assert.Equal(GrainCount, cluster.RunningSilos.Sum(s => Catalog(s).Count));
    }

    private static Task Deposit(IAccountGrain grain, long amount) => grain.Deposit(amount);

    private static async Task AssertOneActivationPerGrain(TestCluster cluster)
    {
        await Eventually.TrueAsync(() => cluster.RunningSilos.Sum(s => Catalog(s).Count) == GrainCount, "every grain has one activation");
        var activations = cluster.RunningSilos.SelectMany(s => Catalog(s).Activations.Select(a => (Silo: s, a.GrainId))).ToList();
        Assert.Equal(activations.Count, activations.Select(a => a.GrainId).Distinct().Count());
        Assert.All(activations, a => Assert.Equal(Owner(cluster, a.GrainId.Key), a.Silo));
    }

    private static IEnumerable<string> Keys() => Enumerable.Range(0, GrainCount).Select(i => "acct-" + i);

    private static long Amount(string key) => key.Length * 7 + key[^1];

    private static SiloHandle Owner(TestCluster cluster, string key) => Owner(cluster.RunningSilos, key);

    private static SiloHandle Owner(IReadOnlyList<SiloHandle> silos, string key)
    {
        var address = silos[0].Services.GetRequiredService<IPlacementDirector>().PlaceGrain(new GrainId("account", key));
        return silos.Single(s => s.SiloAddress == address);
    }

    private static IEnumerable<SiloAddress> Owners(TestCluster cluster, string key) =>
        cluster.RunningSilos.Select(s => s.Services.GetRequiredService<IPlacementDirector>().PlaceGrain(new GrainId("account", key)));

    private static ActivationCatalog Catalog(SiloHandle silo) => silo.Services.GetRequiredService<ActivationCatalog>();

    private static string MembershipOwnedKey(SiloHandle silo) => Membership.MembershipServiceTests.OwnedKey(silo);
}
