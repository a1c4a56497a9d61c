using System.Net;
using System.Net.Sockets;

namespace FlowOrleans.Networking.Tests;

public class ProtocolTests
{
    [Fact]
    public async Task AResponseOverTheMaximumFrameSizeBecomesAClearFailure()
    {
        await using var cluster = await TestCluster.StartAsync(2, transport: o => o.MaxFrameSize = 64 * 1024);
        var grain = cluster.Silos[0].Grains.GetGrain<IRemoteGrain>($"s1-{Guid.NewGuid():N}");

        var error = await Assert.ThrowsAsync<GrainCallFailedException>(() => grain.Repeat('x', 100_000));

        Assert.Contains("over the maximum frame size of 65536 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(60_000, (await grain.Repeat('y', 60_000)).Length);
    }

    [Fact]
    public async Task APeerThatNeverHandshakesIsUnavailableAfterTheConnectTimeout()
    {
        await using var cluster = await TestCluster.StartAsync(1, transport: o => o.ConnectTimeout = TimeSpan.FromMilliseconds(300));
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepting = silent.AcceptSocketAsync();
        var target = new SiloAddress((IPEndPoint)silent.LocalEndpoint, 1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => cluster.Silos[0].Transport.ProbeAsync(target, timeout.Token));

        Assert.Contains("handshake timed out", error.Message, StringComparison.Ordinal);
        (await accepting).Dispose();
    }

    [Fact]
    public async Task GarbageOnAConnectionClosesItAndTheSiloKeepsServing()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        using (var rogue = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await rogue.ConnectAsync(cluster.Silos[1].Address.Endpoint);
            await rogue.SendAsync(new byte[] { 0xFF, 0xFF, 0xFF, 0x7F, 2, 1, 2, 3 });
            var buffer = new byte[256];
            // The silo sends its handshake, then closes the connection on the oversized frame (a FIN, or a reset).
            try
            {
                while (await rogue.ReceiveAsync(buffer) > 0)
                {
                }
            }
            catch (SocketException)
            {
            }
        }

        Assert.Equal("silo-1", await cluster.Silos[0].Grains.GetGrain<IRemoteGrain>($"s1-{Guid.NewGuid():N}").WhereAmI());
    }
}
