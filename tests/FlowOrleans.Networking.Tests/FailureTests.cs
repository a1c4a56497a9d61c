using System.Diagnostics;

namespace FlowOrleans.Networking.Tests;

public class FailureTests
{
    [Fact]
    public async Task ASlowRemoteGrainFailsAtTheDeadlineNamingGrainAndMethod()
    {
        await using var cluster = await TestCluster.StartAsync(2, o => o.ResponseTimeout = TimeSpan.FromMilliseconds(300));
        var gate = Guid.NewGuid().ToString("N");
        var key = $"s1-{gate}";
        var grain = cluster.Silos[0].Grains.GetGrain<IRemoteGrain>(key);

        // The grain never answers until the gate opens, which happens only after the assertion.
        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.Block(gate));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("IRemoteGrain.Block", error.Message, StringComparison.Ordinal);
        Gates.Release(gate);
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

    [Fact]
    public async Task ARequestOverTheMaximumFrameSizeFailsAloneAndTheConnectionStays()
    {
        await using var cluster = await TestCluster.StartAsync(2, transport: o => o.MaxFrameSize = 64 * 1024);
        var grain = cluster.Silos[0].Grains.GetGrain<IRemoteGrain>($"s1-{Guid.NewGuid():N}");
        var peer = cluster.Silos[0].Grains.GetGrain<IRemoteGrain>($"s0-{new string('x', 70_000)}");

        var error = await Assert.ThrowsAsync<GrainCallFailedException>(() => grain.CallPeer(peer, "big"));

        Assert.Contains("over the maximum frame size of 65536 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal("silo-1", await grain.WhereAmI());
    }
}
