namespace FlowOrleans.Runtime.Tests;

public class TimerTests
{
    [Fact]
    public async Task TicksRunAsTurnsAndStopOnDispose()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time: time);
        var key = Guid.NewGuid().ToString();
        var probe = Probe.For(key);
        var grain = silo.Grains.GetGrain<ILifecycleGrain>(key);
        await grain.StartTimer(TimeSpan.FromSeconds(1), keepAlive: false);

        for (var i = 1; i <= 5; i++)
        {
            var calls = Enumerable.Range(0, 4).Select(_ => grain.Work()).ToList();
            await Eventually.TrueAsync(() =>
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                return probe.Ticks >= i;
            }, $"tick {i} ran");
            await Task.WhenAll(calls);
        }

        Assert.Equal(0, probe.Overlaps);
        await grain.StopTimer();
        var ticksAtStop = probe.Ticks;
        time.Advance(TimeSpan.FromSeconds(10));
        // A call queues behind any tick the clock released; none did.
        Assert.Equal(ticksAtStop, await grain.Work());
    }

    [Fact]
    public async Task TimerDoesNotKeepTheActivationAliveUnlessAsked()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(
            s => s.Configure(o => { o.CollectionAge = TimeSpan.FromMinutes(1); o.CollectionQuantum = TimeSpan.FromSeconds(10); }), time);
        var idle = silo.Grains.GetGrain<ILifecycleGrain>(Guid.NewGuid().ToString());
        var busyKey = Guid.NewGuid().ToString();
        var busy = silo.Grains.GetGrain<ILifecycleGrain>(busyKey);
        await idle.StartTimer(TimeSpan.FromSeconds(5), keepAlive: false);
        await busy.StartTimer(TimeSpan.FromSeconds(5), keepAlive: true);
        var busyId = await busy.GetActivationId();
        var idleKey = ((GrainReference)idle).GrainId.Key;

        for (var step = 0; step < 30; step++)
        {
            var ticks = Probe.For(busyKey).Ticks;
            await Eventually.TrueAsync(() =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return Probe.For(busyKey).Ticks > ticks || Probe.For(busyKey).Deactivated > 0;
            }, "the keep-alive timer ticked");
        }

        await Eventually.TrueAsync(() => Probe.For(idleKey).Deactivated == 1, "the grain with a plain timer was collected");
        Assert.Equal(0, Probe.For(busyKey).Deactivated);
        Assert.Equal(busyId, await busy.GetActivationId());
    }
}
