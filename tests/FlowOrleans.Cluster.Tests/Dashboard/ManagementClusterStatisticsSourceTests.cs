using FlowOrleans.ClientApi.Dashboard;
using FlowOrleans.Cluster.Tests.Grains;
using FlowOrleans.Cluster.Tests.Infrastructure;
using FlowOrleans.Runtime.Management;

namespace FlowOrleans.Cluster.Tests.Dashboard;

/// <summary>
/// The cluster gateway's dashboard source against three silos on TCP, through the external client as the gateway
/// uses it: every silo's counters from the management grain, and a silo list that refreshes itself once older than
/// <see cref="ManagementClusterStatisticsSource.SiloListMaxAge"/>.
/// </summary>
public sealed class ManagementClusterStatisticsSourceTests
{
    [Fact]
    public async Task The_counters_come_from_every_silo_and_fill_the_silo_list()
    {
        await using var cluster = Clusters.CreateTcp();
        await cluster.StartAsync(3);
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => cluster.Client.GetGrain<IAccountGrain>("d-" + i).Deposit(1)));
        var source = new ManagementClusterStatisticsSource(cluster.Client, new ManualTime());

        var counters = await source.GetCountersAsync(CancellationToken.None);

        var expected = cluster.Silos.Select(s => s.SiloAddress).OrderBy(s => s.ToString(), StringComparer.Ordinal).ToList();
        Assert.Equal(expected, counters.Select(c => c.Silo).OrderBy(s => s.ToString(), StringComparer.Ordinal));
        Assert.Equal(30, counters.SelectMany(c => c.Methods).Where(m => m.GrainType == "account" && m.MethodName == "Deposit").Sum(m => m.Calls));
        var silos = source.GetSilos();
        Assert.Equal(expected, silos.Select(s => s.Address).OrderBy(s => s.ToString(), StringComparer.Ordinal));
        Assert.All(silos, s =>
        {
            Assert.Equal(SiloStatus.Active, s.Status);
            Assert.StartsWith("silo-", s.Name, StringComparison.Ordinal);
            Assert.False(s.IsLocal);
        });
    }

    [Fact]
    public async Task The_first_dashboard_sample_on_a_gateway_lists_every_silo()
    {
        await using var cluster = Clusters.CreateTcp();
        await cluster.StartAsync(3);
        var sampler = new ClusterSampler(new ManagementClusterStatisticsSource(cluster.Client, new ManualTime()), TimeProvider.System);

        var view = await sampler.SampleAsync(CancellationToken.None);

        Assert.Equal(
            cluster.Silos.Select(s => s.SiloAddress.ToString()).Order(StringComparer.Ordinal),
            view.Silos.Select(s => s.Address).Order(StringComparer.Ordinal));
        Assert.All(view.Silos, s => Assert.Equal("Active", s.Status));
    }

    [Fact]
    public async Task The_silo_list_fills_itself_and_follows_a_dead_silo_once_older_than_the_maximum_age()
    {
        await using var cluster = Clusters.CreateTcp();
        await cluster.StartAsync(3);
        var time = new ManualTime();
        var source = new ManagementClusterStatisticsSource(cluster.Client, time);

        // Nobody sampled yet: the first read starts a refresh in the background and answers what it has.
        Assert.Empty(source.GetSilos());
        await Eventually.TrueAsync(() => source.GetSilos().Count == 3, "the first read filled the silo list");

        var victim = cluster.Silos[2];
        await cluster.KillSiloAsync(victim);
        await ManagementForgetsAsync(cluster.Client, victim.SiloAddress);

        // Younger than the maximum age: the list is kept as it is, no refresh.
        time.Advance(ManagementClusterStatisticsSource.SiloListMaxAge / 2);
        Assert.Contains(source.GetSilos(), s => s.Address == victim.SiloAddress);

        time.Advance(ManagementClusterStatisticsSource.SiloListMaxAge);
        source.GetSilos();
        await Eventually.TrueAsync(() => source.GetSilos().All(s => s.Address != victim.SiloAddress), "a read of the stale list refreshed it");
        Assert.Equal(2, source.GetSilos().Count);
    }

    /// <summary>Waits until the management grain no longer reports <paramref name="silo"/> (it was declared dead).</summary>
    private static Task ManagementForgetsAsync(IGrainFactory grains, SiloAddress silo) =>
        Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await grains.GetGrain<IManagementGrain>(0).GetSiloStatistics()).All(s => s.Silo != silo);
            }
            catch (GrainCallFailedException)
            {
                return false; // The management grain was on the killed silo; it moves once membership says so.
            }
        }, $"the management grain to stop reporting {silo}");

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerDay;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
