namespace FlowOrleans.Networking.Tests;

[Collection(ClusterCollection.Name)]
public class RemoteCallTests(ClusterFixture fixture)
{
    private readonly TestCluster _cluster = fixture.Cluster;

    private static string Key(int silo) => $"s{silo}-{Guid.NewGuid():N}";

    [Fact]
    public async Task TaskOfTResultComesBackFromTheOwningSilo()
    {
        var grain = _cluster.Silos[0].Grains.GetGrain<IRemoteGrain>(Key(1));

        Assert.Equal("silo-1", await grain.WhereAmI());
    }

    [Fact]
    public async Task ValueTaskOfTResultComesBack()
    {
        var grain = _cluster.Silos[0].Grains.GetGrain<IRemoteGrain>(Key(2));

        Assert.Equal(5, await grain.Add(2, 3));
    }

    [Fact]
    public async Task TaskCallsRunOnTheOneActivation()
    {
        var key = Key(1);
        var fromSilo0 = _cluster.Silos[0].Grains.GetGrain<IRemoteGrain>(key);
        var fromSilo2 = _cluster.Silos[2].Grains.GetGrain<IRemoteGrain>(key);

        await fromSilo0.Touch();
        await fromSilo2.Touch();
        await _cluster.Silos[1].Grains.GetGrain<IRemoteGrain>(key).Touch();

        Assert.Equal(3, await fromSilo0.Touches());
    }

    [Fact]
    public async Task GrainReferenceArgumentsAreBoundOnTheOtherSilo()
    {
        var caller = _cluster.Silos[0].Grains.GetGrain<IRemoteGrain>(Key(1));
        var peerOnSilo2 = _cluster.Silos[0].Grains.GetGrain<IRemoteGrain>(Key(2));

        Assert.Equal("silo-2:hi", await caller.CallPeer(peerOnSilo2, "hi"));
    }

    [Fact]
    public async Task GrainReferenceResultsCanBeCalled()
    {
        var key = Key(2);
        var self = await _cluster.Silos[0].Grains.GetGrain<IRemoteGrain>(key).Self();

        Assert.Equal(_cluster.Silos[0].Grains.GetGrain<IRemoteGrain>(key), self);
        Assert.Equal("silo-2", await self.WhereAmI());
    }

    [Fact]
    public async Task RemoteExceptionsKeepTypeAndMessage()
    {
        var grain = _cluster.Silos[0].Grains.GetGrain<IRemoteGrain>(Key(1));

        var error = await Assert.ThrowsAsync<GrainCallFailedException>(() => grain.Fail("boom"));

        Assert.Equal("System.InvalidOperationException: boom", error.Message);
        Assert.Equal("System.InvalidOperationException", error.RemoteExceptionType);
        Assert.Equal("boom", error.RemoteExceptionMessage);
    }

    [Fact]
    public async Task ManyConcurrentCallersGetTheirOwnResultsAndFramesAreBatched()
    {
        var grains = Enumerable.Range(0, 50).Select(_ => _cluster.Silos[0].Grains.GetGrain<IRemoteGrain>(Key(1))).ToArray();
        var connection = () => _cluster.Silos[0].Transport.WriteStatistics;
        var before = connection();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(caller => Task.Run(async () =>
        {
            var wrong = 0;
            for (var i = 0; i < 200; i++)
            {
                if (await grains[(caller + i) % grains.Length].Add(caller, i) != caller + i)
                {
                    wrong++;
                }
            }

            return wrong;
        })));

        Assert.All(results, wrong => Assert.Equal(0, wrong));
        var after = connection();
        var frames = after.Frames - before.Frames;
        var flushes = after.Flushes - before.Flushes;
        Assert.True(frames >= 64 * 200, $"{frames} frames written");
        Assert.True(flushes < frames, $"{frames} frames took {flushes} flushes: nothing was batched");
    }

    [Fact]
    public async Task ASiloThatDoesNotOwnTheGrainForwardsTheRequestOnce()
    {
        var key = Key(1);
        var silos = _cluster.Silos;
        _cluster.Layout.Move(silos[1].Address, key, 2);
        _cluster.Layout.Move(silos[2].Address, key, 2);

        Assert.Equal("silo-2", await silos[0].Grains.GetGrain<IRemoteGrain>(key).WhereAmI());
    }

    [Fact]
    public async Task SilosThatDisagreeAboutTheOwnerFailWithARetryableErrorInsteadOfLooping()
    {
        var key = Key(1);
        var silos = _cluster.Silos;
        _cluster.Layout.Move(silos[1].Address, key, 2);
        _cluster.Layout.Move(silos[2].Address, key, 1);

        var error = await Assert.ThrowsAsync<GrainPlacementChangedException>(() => silos[0].Grains.GetGrain<IRemoteGrain>(key).WhereAmI());

        Assert.Contains("already forwarded once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAnswersForALiveSiloAndFailsForAnUnusedPort()
    {
        var transport = _cluster.Silos[0].Transport;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await transport.ProbeAsync(_cluster.Silos[2].Address, timeout.Token);
        var nobody = new SiloAddress(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, TestSilo.FreePort()), 1);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => transport.ProbeAsync(nobody, timeout.Token));
    }

    [Fact]
    public async Task ARestartedSiloOnTheSameEndpointIsAnotherSilo()
    {
        var silo1 = _cluster.Silos[1].Address;
        var oldGeneration = silo1 with { Generation = silo1.Generation - 1 };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => _cluster.Silos[0].Transport.ProbeAsync(oldGeneration, timeout.Token));

        Assert.Contains("restarted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTransportSeamSendsAMessageAndReturnsTheResponse()
    {
        var silo0 = _cluster.Silos[0].Host.Services;
        var messages = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MessageDispatcher>(silo0);
        var transport = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ISiloMessageTransport>(silo0);
        var add = GrainCodeRegistry.GetInterface(typeof(IRemoteGrain)).FindMethod("Add(int,int)")!.CreateRequest();
        var reader = new System.Text.Json.Utf8JsonReader("[20,22]"u8);
        add.ReadArguments(ref reader, System.Text.Json.JsonSerializerOptions.Default);
        var request = messages.CreateRequestMessage(new GrainId("RemoteGrain", Key(2)), add);

        var response = await transport.SendRequestAsync(_cluster.Silos[2].Address, request);

        Assert.Equal(MessageDirection.Response, response.Direction);
        Assert.Equal(request.CorrelationId, response.CorrelationId);
        Assert.Equal(42, messages.ReadResponse<int>(response));
    }
}
