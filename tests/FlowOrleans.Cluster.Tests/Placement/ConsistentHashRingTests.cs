using System.Globalization;
using System.Net;

namespace FlowOrleans.Cluster.Tests.Placement;

public sealed class ConsistentHashRingTests
{
    private static readonly GrainId[] Grains = [.. Enumerable.Range(0, 20_000).Select(i => new GrainId("account", i.ToString(CultureInfo.InvariantCulture)))];

    [Fact]
    public void The_stable_hash_is_the_same_in_every_process()
    {
        // FNV-1a 64 over the UTF-16LE bytes, then the MurmurHash3 finalizer (computed independently in Python).
        Assert.Equal(StableHash.Of("account/1"), StableHash.Of(new GrainId("account", "1")));
        Assert.Equal(0x35C207D94B5BD120UL, StableHash.Of(new GrainId("account", "1")));
        Assert.NotEqual(StableHash.Of(new GrainId("account", "1")), StableHash.Of(new GrainId("account", "2")));
    }

    [Fact]
    public void Every_silo_computes_the_same_owner_whatever_order_it_lists_the_silos_in()
    {
        var silos = Silos(5);
        var a = new ConsistentHashRing(silos);
        var b = new ConsistentHashRing(silos.Reverse());
        Assert.All(Grains, g => Assert.Equal(a.Owner(g), b.Owner(g)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Grains_spread_roughly_evenly(int siloCount)
    {
        var ring = new ConsistentHashRing(Silos(siloCount));
        var perSilo = Grains.GroupBy(ring.Owner).ToDictionary(g => g.Key, g => g.Count());
        var mean = Grains.Length / (double)siloCount;
        Assert.Equal(siloCount, perSilo.Count);
        Assert.All(perSilo.Values, count => Assert.InRange(count, mean * 0.75, mean * 1.25));
    }

    [Fact]
    public void A_joining_silo_takes_grains_only_from_the_others_and_about_its_share()
    {
        var before = new ConsistentHashRing(Silos(3));
        var joined = Silos(4)[3];
        var after = new ConsistentHashRing(Silos(4));
        var moved = Grains.Where(g => before.Owner(g) != after.Owner(g)).ToList();
        Assert.All(moved, g => Assert.Equal(joined, after.Owner(g)));
        Assert.InRange(moved.Count, Grains.Length * 0.25 * 0.75, Grains.Length * 0.25 * 1.25);
    }

    [Fact]
    public void A_leaving_silo_hands_only_its_own_grains_to_the_others()
    {
        var silos = Silos(4);
        var before = new ConsistentHashRing(silos);
        var after = new ConsistentHashRing(silos.Where(s => s != silos[1]));
        Assert.All(Grains.Where(g => before.Owner(g) != after.Owner(g)), g => Assert.Equal(silos[1], before.Owner(g)));
    }

    [Fact]
    public void A_restarted_silo_on_the_same_endpoint_gets_the_same_grains()
    {
        var silos = Silos(3);
        var restarted = silos[0] with { Generation = silos[0].Generation + 1000 };
        var before = new ConsistentHashRing(silos);
        var after = new ConsistentHashRing([restarted, silos[1], silos[2]]);
        Assert.All(Grains.Take(2000), g => Assert.Equal(before.Owner(g).Endpoint, after.Owner(g).Endpoint));
    }

    private static SiloAddress[] Silos(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new SiloAddress(new IPEndPoint(IPAddress.Loopback, 11_000 + i), 1_000 + i))];
}
