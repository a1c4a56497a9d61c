using System.Net;
using FlowOrleans.Runtime.Client;
using FlowOrleans.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowOrleans.Networking.Tests;

[Collection(ClusterCollection.Name)]
public class ClientTests(ClusterFixture fixture)
{
    private readonly TestCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task AClientCallsGrainsOnEverySiloThroughOneGateway()
    {
        await using var client = await TestClient.StartAsync(_cluster.Silos[0].GatewayEndpoint);
        var grains = client.Client;

        Assert.Equal("silo-0", await grains.GetGrain<IRemoteGrain>($"s0-{Guid.NewGuid():N}").WhereAmI());
        Assert.Equal("silo-2", await grains.GetGrain<IRemoteGrain>($"s2-{Guid.NewGuid():N}").WhereAmI());
        Assert.Equal(9, await grains.GetGrain<IRemoteGrain>($"s1-{Guid.NewGuid():N}").Add(4, 5));
        Assert.True(grains.IsConnected);
    }

    [Fact]
    public async Task ClientCallsCarryExceptionsAndGrainReferences()
    {
        await using var client = await TestClient.StartAsync(_cluster.Silos[1].GatewayEndpoint);
        var caller = client.Client.GetGrain<IRemoteGrain>($"s2-{Guid.NewGuid():N}");
        var peer = client.Client.GetGrain<IRemoteGrain>($"s0-{Guid.NewGuid():N}");

        var error = await Assert.ThrowsAsync<GrainCallFailedException>(() => caller.Fail("nope"));
        Assert.Equal("System.InvalidOperationException: nope", error.Message);
        Assert.Equal("silo-0:x", await caller.CallPeer(peer, "x"));
        Assert.Equal("silo-2", await (await caller.Self()).WhereAmI());
    }

    [Fact]
    public async Task ACallThatRacesAMembershipChangeIsSentAgainUntilTheSilosAgree()
    {
        await using var client = await TestClient.StartAsync(_cluster.Silos[0].GatewayEndpoint);
        var key = $"s1-{Guid.NewGuid():N}";
        // For its next two decisions silo-1 believes the grain is on silo-0: the gateway (silo-0) forwards the call to
        // silo-1, which may not forward it again and answers GrainPlacementChangedException; the third attempt runs.
        _cluster.Layout.Move(_cluster.Silos[1].Address, key, 0, times: 2);

        Assert.Equal("silo-1", await client.Client.GetGrain<IRemoteGrain>(key).WhereAmI());

        Assert.Equal(3, _cluster.Layout.Decisions(_cluster.Silos[1].Address, key));
    }

    [Fact]
    public async Task ACallThatKeepsRacingMembershipFailsAfterTheConfiguredRetries()
    {
        await using var client = await TestClient.StartAsync(services => services.AddFlowClusterClient(o =>
        {
            o.Gateways.Add(_cluster.Silos[0].GatewayEndpoint);
            o.PlacementChangedRetries = 2;
            o.PlacementChangedRetryDelay = TimeSpan.FromMilliseconds(10);
        }));
        var key = $"s1-{Guid.NewGuid():N}";
        _cluster.Layout.Move(_cluster.Silos[1].Address, key, 0);

        var error = await Assert.ThrowsAsync<GrainPlacementChangedException>(() => client.Client.GetGrain<IRemoteGrain>(key).WhereAmI());

        Assert.Contains("already forwarded once", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _cluster.Layout.Decisions(_cluster.Silos[1].Address, key));
    }

    [Fact]
    public async Task NoReachableGatewayIsAClearError()
    {
        var nowhere = new IPEndPoint(IPAddress.Loopback, TestSilo.FreePort());
        await using var client = await TestClient.StartAsync(nowhere);

        var error = await Assert.ThrowsAsync<GatewayUnavailableException>(() => client.Client.GetGrain<IRemoteGrain>("s0-x").WhereAmI());

        Assert.Contains("No gateway is reachable", error.Message, StringComparison.Ordinal);
        Assert.Contains(nowhere.ToString(), error.Message, StringComparison.Ordinal);
        Assert.False(client.Client.IsConnected);
    }

    [Fact]
    public async Task AStoppedClientSaysSo()
    {
        var client = await TestClient.StartAsync(_cluster.Silos[0].GatewayEndpoint);
        var grain = client.Client.GetGrain<IRemoteGrain>($"s0-{Guid.NewGuid():N}");
        await client.DisposeAsync();

        var error = await Assert.ThrowsAsync<GatewayUnavailableException>(() => grain.WhereAmI());

        Assert.Equal("The cluster client was stopped.", error.Message);
    }

    [Fact]
    public void AddingTheClientTwiceRegistersItOnce()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFlowClusterClient(o => o.Gateways.Add(new IPEndPoint(IPAddress.Loopback, 1)));
        services.AddFlowClusterClient(o => o.ResponseTimeout = TimeSpan.FromSeconds(3));

        Assert.Single(services, d => d.ServiceType == typeof(IClusterClient));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterClientOptions>>().Value;
        Assert.Single(options.Gateways);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ResponseTimeout);
    }
}

public class GatewayFailoverTests
{
    [Fact]
    public async Task WhenItsGatewayDiesTheClientFailsOverToAnother()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        await using var client = await TestClient.StartAsync(cluster.Silos[0].GatewayEndpoint, cluster.Silos[1].GatewayEndpoint);
        await Eventually.TrueAsync(() => client.Client.IsConnected, "the client connects at start");
        var first = cluster.Silos[0].Address == client.Connection.Gateway ? 0 : 1;
        var other = 1 - first;
        var grain = client.Client.GetGrain<IRemoteGrain>($"s{other}-{Guid.NewGuid():N}");
        Assert.Equal($"silo-{other}", await grain.WhereAmI());

        await cluster.Silos[first].KillNetworkAsync();
        await Eventually.TrueAsync(() => !client.Client.IsConnected, "the client sees its gateway gone");

        Assert.Equal($"silo-{other}", await grain.WhereAmI());
        Assert.Equal(cluster.Silos[other].Address, client.Connection.Gateway);
    }

    [Fact]
    public async Task CallsInFlightOnALostGatewayFailFast()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        await using var client = await TestClient.StartAsync(cluster.Silos[0].GatewayEndpoint);
        var gate = Guid.NewGuid().ToString("N");
        // Silo 0 is the client's only gateway; the grain runs on silo 1, so the call waits on the gateway connection.
        var call = client.Client.GetGrain<IRemoteGrain>($"s1-{gate}").Block(gate);
        await Eventually.TrueAsync(() => Gates.EnteredCount(gate) == 1, "the call runs on silo 1");

        await cluster.Silos[0].KillNetworkAsync();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
        Gates.Release(gate);
    }

    [Fact]
    public async Task AClientFollowsTheMembershipTableToActiveGateways()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var table = new InMemoryMembershipTable();
        foreach (var (silo, status) in new[] { (cluster.Silos[0], SiloStatus.Dead), (cluster.Silos[1], SiloStatus.Active) })
        {
            var version = (await table.ReadAllAsync()).Version.Next();
            var entry = new MembershipEntry { SiloAddress = silo.Address, Status = status, StartTime = DateTimeOffset.UtcNow, IAmAliveTime = DateTimeOffset.UtcNow, ProxyPort = silo.GatewayEndpoint.Port };
            Assert.True(await table.InsertRowAsync(entry, version));
        }

        await cluster.Silos[0].KillNetworkAsync();
        await using var client = await TestClient.StartAsync(services => services.AddSingleton<IMembershipTable>(table).AddFlowClusterClient());

        Assert.Equal("silo-1", await client.Client.GetGrain<IRemoteGrain>($"s1-{Guid.NewGuid():N}").WhereAmI());
        Assert.Equal(cluster.Silos[1].Address, client.Connection.Gateway);
    }
}
