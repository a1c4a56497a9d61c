namespace FlowOrleans.Runtime.Tests;

public class ActivationTests
{
    [Fact]
    public async Task BurstOfConcurrentFirstCallsMakesExactlyOneActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return silo.Grains.GetGrain<ILifecycleGrain>(key).GetActivationId();
        })).ToList();
        start.Set();
        var ids = await Task.WhenAll(calls);

        Assert.Single(ids.Distinct());
        Assert.Equal(1, Probe.For(key).Constructed);
        Assert.Equal(1, Probe.For(key).Activated);
    }

    [Fact]
    public async Task DeactivateOnIdleThenNextCallReachesANewActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>(key);
        var first = await grain.GetActivationId();

        await grain.Deactivate();
        await Eventually.TrueAsync(() => Probe.For(key).Deactivated == 1, "the grain deactivated");
        var second = await grain.GetActivationId();

        Assert.NotEqual(first, second);
        Assert.Equal(DeactivationReasonCode.ApplicationRequested, Probe.For(key).LastDeactivationReason);
        Assert.Equal(2, Probe.For(key).Activated);
    }

    [Fact]
    public async Task CallsArrivingDuringDeactivationReachTheNextActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var probe = Probe.For(key);
        var gate = probe.Gate("deactivate");
        var grain = silo.Grains.GetGrain<ILifecycleGrain>(key);
        var first = await grain.GetActivationId();

        await grain.Deactivate();
        await Eventually.TrueAsync(() => probe.Log.Contains("deactivating"), "OnDeactivateAsync started");
        var during = grain.GetActivationId();
        Assert.False(during.IsCompleted);
        probe.Gates.TryRemove("deactivate", out _);
        gate.SetResult();

        Assert.NotEqual(first, await during);
        Assert.Equal(2, probe.Activated);
    }

    [Fact]
    public async Task IdleActivationsAreCollectedAfterTheCollectionAge()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(
            s => s.Configure(o => { o.CollectionAge = TimeSpan.FromMinutes(15); o.CollectionQuantum = TimeSpan.FromMinutes(1); }), time);
        var key = Guid.NewGuid().ToString();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>(key);
        var first = await grain.GetActivationId();

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(first, await grain.GetActivationId());
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, Probe.For(key).Deactivated);
        time.Advance(TimeSpan.FromMinutes(6));
        await Eventually.TrueAsync(() => Probe.For(key).Deactivated == 1, "the idle grain was collected");

        Assert.Equal(DeactivationReasonCode.ActivationIdle, Probe.For(key).LastDeactivationReason);
        Assert.NotEqual(first, await grain.GetActivationId());
    }

    [Fact]
    public async Task DelayDeactivationPostponesIdleCollection()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(
            s => s.Configure(o => { o.CollectionAge = TimeSpan.FromMinutes(1); o.CollectionQuantum = TimeSpan.FromSeconds(10); }), time);
        var delayedKey = Guid.NewGuid().ToString();
        var plainKey = Guid.NewGuid().ToString();
        var delayed = silo.Grains.GetGrain<ILifecycleGrain>(delayedKey);
        var first = await delayed.GetActivationId();
        await delayed.KeepAliveFor(TimeSpan.FromMinutes(10));
        await silo.Grains.GetGrain<ILifecycleGrain>(plainKey).GetActivationId();

        time.Advance(TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(() => Probe.For(plainKey).Deactivated == 1, "the plain grain was collected");
        Assert.Equal(0, Probe.For(delayedKey).Deactivated);
        Assert.Equal(first, await delayed.GetActivationId());
    }

    [Fact]
    public async Task GracefulStopDeactivatesEveryActivation()
    {
        var silo = await TestSilo.StartAsync();
        var keys = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString()).ToList();
        foreach (var key in keys)
        {
            await silo.Grains.GetGrain<ILifecycleGrain>(key).GetActivationId();
        }

        await silo.DisposeAsync();

        Assert.All(keys, key => Assert.Equal(1, Probe.For(key).Deactivated));
        Assert.All(keys, key => Assert.Equal(DeactivationReasonCode.ShuttingDown, Probe.For(key).LastDeactivationReason));
    }
}
