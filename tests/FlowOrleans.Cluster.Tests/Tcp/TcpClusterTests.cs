using FlowOrleans.Cluster.Tests.Grains;
using FlowOrleans.Cluster.Tests.Infrastructure;
using FlowOrleans.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Cluster.Tests.Tcp;

/// <summary>A TestCluster on real TCP, called as a user would: through the external client and the gateways.</summary>
public sealed class TcpClusterTests
{
    private const int GrainCount = 200;

    [Fact]
    public async Task Calls_through_the_gateway_reach_each_grains_ring_owner_and_every_grain_has_one_activation()
    {
        await using var cluster = Clusters.CreateTcp();
        await cluster.StartAsync(3);

        var hosts = await Task.WhenAll(Keys().Select(k => cluster.Client.GetGrain<IAccountGrain>(k).Silo()));

        var perSilo = hosts.GroupBy(h => h).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, perSilo.Count);
        Assert.All(perSilo.Values, count => Assert.InRange(count, GrainCount / 3 * 0.6, GrainCount / 3 * 1.4));
        Assert.All(Keys().Zip(hosts), p => Assert.Equal(Owner(cluster, p.First).ToString(), p.Second));
        AssertOneActivationPerGrain(cluster);
    }

    [Fact]
    public async Task After_a_kill_the_client_finds_every_grain_again_with_its_state_on_the_survivors()
    {
        await using var cluster = Clusters.CreateTcp();
        await cluster.StartAsync(3);
        await Task.WhenAll(Keys().Select(k => cluster.Client.GetGrain<IAccountGrain>(k).Deposit(Amount(k))));
        var killed = cluster.Silos[2];

        await cluster.KillSiloAsync(killed);
        await cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromSeconds(10));

        var balances = await Task.WhenAll(Keys().Select(k => Retry(() => cluster.Client.GetGrain<IAccountGrain>(k).Balance())));
        Assert.Equal(Keys().Select(Amount), balances);
        var hosts = await Task.WhenAll(Keys().Select(k => cluster.Client.GetGrain<IAccountGrain>(k).Silo()));
        Assert.DoesNotContain(killed.SiloAddress.ToString(), hosts);
        AssertOneActivationPerGrain(cluster);
    }

    [Fact]
    public async Task A_joining_silo_takes_over_its_share_of_grains_with_their_state()
    {
        await using var cluster = Clusters.CreateTcp();
        await cluster.StartAsync(2);
        await Task.WhenAll(Keys().Select(k => cluster.Client.GetGrain<IAccountGrain>(k).DepositUnsaved(Amount(k))));

        var joined = await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromSeconds(10));
        var old = cluster.RunningSilos.Where(s => s != joined).ToList();
        var moving = Keys().Count(k => Owner(cluster, k) == joined.SiloAddress);
        await Eventually.TrueAsync(() => old.Sum(s => Catalog(s).Count) == GrainCount - moving, "the old owners handed off the moved grains");

        var balances = await Task.WhenAll(Keys().Select(k => Retry(() => cluster.Client.GetGrain<IAccountGrain>(k).Balance())));
        Assert.Equal(Keys().Select(Amount), balances);
        Assert.Equal(moving, Catalog(joined).Count);
        AssertOneActivationPerGrain(cluster);
    }

    private static void AssertOneActivationPerGrain(TestCluster cluster)
    {
        var activations = cluster.RunningSilos
            .SelectMany(s => Catalog(s).Activations.Where(a => a.GrainId.Type == "account").Select(a => (s.SiloAddress, a.GrainId)))
            .ToList();
        Assert.Equal(GrainCount, activations.Count);
        Assert.Equal(GrainCount, activations.Select(a => a.GrainId).Distinct().Count());
        Assert.All(activations, a => Assert.Equal(Owner(cluster, a.GrainId.Key), a.SiloAddress));
    }

    /// <summary>Retries a call that raced a membership change (the forwarded request met a second change).</summary>
    private static async Task<T> Retry<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (GrainPlacementChangedException) when (attempt < 5)
            {
                // The next attempt sees the settled membership.
            }
        }
    }

    private static IEnumerable<string> Keys() => Enumerable.Range(0, GrainCount).Select(i => "tcp-" + i);

    private static long Amount(string key) => 1000 + key.Length + key[^1];

    private static SiloAddress Owner(TestCluster cluster, string key) =>
        cluster.RunningSilos[0].Services.GetRequiredService<IPlacementDirector>().PlaceGrain(new GrainId("account", key));

    private static ActivationCatalog Catalog(SiloHandle silo) => silo.Services.GetRequiredService<ActivationCatalog>();
}
