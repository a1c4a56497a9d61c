using System.Diagnostics;

namespace FlowOrleans.Networking.Tests;

public class FailureTests
{
    [Fact]
    public async Task ASlowRemoteGrainFailsAtTheDeadlineNamingGrainAndMethod()
    {
        await using var cluster = await TestCluster.StartAsync(2, o => o.ResponseTimeout = TimeSpan.FromMilliseconds(500));
        var key = $"s1-{Guid.NewGuid():N}";
        var grain = cluster.Silos[0].Grains.GetGrain<IRemoteGrain>(key);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.Sleep(5_000));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("IRemoteGrain.Sleep", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"the timeout came after {watch.Elapsed}");
    }

    [Fact]
    public async Task LosingTheConnectionFailsEveryCallInFlightAtOnce()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var gate = Guid.NewGuid().ToString("N");
        var calls = Enumerable.Range(0, 20)
            .Select(i => cluster.Silos[0].Grains.GetGrain<IRemoteGrain>($"s1-{gate}-{i}").Block(gate))
            .ToArray();
        await Eventually.TrueAsync(() => Gates.EnteredCount(gate) == calls.Length, "every call runs on silo 1");
        var watch = Stopwatch.StartNew();

        await cluster.Silos[1].KillNetworkAsync();

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
            Assert.Equal(cluster.Silos[1].Address, error.Silo);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the calls failed after {watch.Elapsed} (deadline is 30 s)");
        Gates.Release(gate);
    }

    [Fact]
    public async Task CallsToASiloThatIsGoneFailFastWithSiloUnavailable()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        await cluster.Silos[1].KillNetworkAsync();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => cluster.Silos[0].Grains.GetGrain<IRemoteGrain>($"s1-{Guid.NewGuid():N}").WhereAmI());

        Assert.Contains(cluster.Silos[1].Address.ToString(), error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the call failed after {watch.Elapsed}");
    }
}
