namespace FlowOrleans.Runtime.Tests;

public class SchedulingTests
{
    [Fact]
    public async Task TurnsNeverInterleaveUnderConcurrentCallers()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var grain = silo.Grains.GetGrain<IBlockingGrain>(key);

        var callers = Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            for (var n = 0; n < 50; n++)
            {
                await grain.Append(caller, n);
            }
        }));
        await Task.WhenAll(callers);

        var log = Probe.For(key).Log.ToArray();
        Assert.Equal(8 * 50 * 2, log.Length);
        for (var i = 0; i < log.Length; i += 2)
        {
            Assert.EndsWith(":begin", log[i]);
            Assert.Equal(log[i].Replace(":begin", ":end"), log[i + 1]);
        }

        // Each caller's calls run in the order it made them.
        for (var caller = 0; caller < 8; caller++)
        {
            var mine = log.Where(l => l.StartsWith($"{caller}:") && l.EndsWith(":begin")).Select(l => int.Parse(l.Split(':')[1])).ToList();
            Assert.Equal(Enumerable.Range(0, 50), mine);
        }

        Assert.Equal(0, Probe.For(key).Overlaps);
    }

    [Fact]
    public async Task NonReentrantGrainQueuesTheSecondCallButAlwaysInterleaveRuns()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var probe = Probe.For(key);
        var grain = silo.Grains.GetGrain<IBlockingGrain>(key);

        var first = grain.Block("a");
        await Eventually.TrueAsync(() => probe.Entered == 1, "the first call entered");
        var second = grain.Block("b");

        // [AlwaysInterleave] runs although a turn is in progress; the second call (queued before it) has not entered.
        Assert.Equal(1, await grain.EnteredCount());
        Assert.False(second.IsCompleted);

        probe.Gate("b").SetResult();
        probe.Gate("a").SetResult();
        await Task.WhenAll(first, second);
        Assert.Equal(1, probe.MaxConcurrent);
    }

    [Fact]
    public async Task ReentrantGrainInterleavesCalls()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var probe = Probe.For(key);
        var grain = silo.Grains.GetGrain<IReentrantBlockingGrain>(key);

        var first = grain.Block("a");
        var second = grain.Block("b");
        await Eventually.TrueAsync(() => probe.Entered == 2, "both calls are inside the grain at once");

        probe.Gate("a").SetResult();
        probe.Gate("b").SetResult();
        await Task.WhenAll(first, second);
        Assert.Equal(2, probe.MaxConcurrent);
    }

    [Fact]
    public async Task ReadOnlyCallsInterleaveWithEachOther()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var probe = Probe.For(key);
        var grain = silo.Grains.GetGrain<IBlockingGrain>(key);

        var first = grain.BlockReadOnly("a");
        var second = grain.BlockReadOnly("b");
        await Eventually.TrueAsync(() => probe.Entered == 2, "both read-only calls are inside the grain at once");

        probe.Gate("a").SetResult();
        probe.Gate("b").SetResult();
        await Task.WhenAll(first, second);
    }

    [Fact]
    public async Task ExceptionsReachTheCallerWithTypeAndMessage()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>(Guid.NewGuid().ToString());

        var sync = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("boom"));
        Assert.Equal("boom", sync.Message);
        var async = await Assert.ThrowsAsync<ArgumentException>(() => grain.FailAfterAwait("later"));
        Assert.Equal("later", async.Message);

        // The activation survives a failed call.
        Assert.Equal(42, await grain.Echo(42));
        await grain.Nothing();
    }

    [Fact]
    public async Task MissedDeadlineRaisesTimeoutNamingGrainAndMethod()
    {
        await using var silo = await TestSilo.StartAsync(s => s.Configure(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(300)));
        var key = Guid.NewGuid().ToString();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>(key);

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.Hang());
        Assert.Contains($"lifecycle/{key}", error.Message);
        Assert.Contains("Hang", error.Message);
        Probe.For(key).Gate("hang").SetResult();
    }

    [Fact]
    public async Task GrainsCallGrainsAndReferencesTravelAsArguments()
    {
        await using var silo = await TestSilo.StartAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid().ToString());
        var peer = silo.Grains.GetGrain<IPeerGrain>(7);

        await counter.SetPeer(peer);
        Assert.Equal("7:hi", await counter.CallPeer("hi"));
        Assert.Equal(peer, silo.Grains.GetGrain<IPeerGrain>(7));
        Assert.NotEqual(peer, silo.Grains.GetGrain<IPeerGrain>(8));
    }
}
