using System.Diagnostics;
using FlowOrleans.TestingHost;
using Xunit.Abstractions;

namespace FlowOrleans.Cluster.Tests.Tcp;

/// <summary>The bound, measured on real TCP with our default failure-detection settings.</summary>
public sealed class FailureDetectionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task With_our_defaults_a_killed_silo_is_declared_dead_within_ten_seconds()
    {
        await using var cluster = new TestCluster();
        await cluster.StartAsync(3);
        var killed = cluster.Silos[1];
        var survivors = cluster.Silos.Where(s => s != killed).ToList();

        var clock = Stopwatch.StartNew();
        await cluster.KillSiloAsync(killed);
        var deadline = TimeSpan.FromSeconds(15);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (!survivors.All(s => s.Membership.Current.GetStatus(killed.SiloAddress) == SiloStatus.Dead))
        {
            Assert.True(clock.Elapsed < deadline, $"not declared dead after {clock.Elapsed}");
            await poll.WaitForNextTickAsync();
        }

        var detected = clock.Elapsed;
        output.WriteLine($"Failure detection (3 silos, TCP, defaults): killed -> Dead in every survivor's view after {detected.TotalSeconds:F2} s");
        Assert.True(detected <= TimeSpan.FromSeconds(10), $"declared dead after {detected}");
    }
}
