using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace FlowOrleans.Networking.Tests;

/// <summary>The outbound queue of a connection is bounded: a peer that stops reading makes new calls fail at once, not pile up.</summary>
public class BackpressureTests
{
    [Fact]
    public async Task CallsToAPeerThatStopsReadingFailAtOnceOverTheQueueBound()
    {
        await using var cluster = await TestCluster.StartAsync(1, transport: o => o.MaxQueuedRequests = 8);
        using var stuck = new TcpListener(IPAddress.Loopback, 0);
        stuck.Start();
        var peer = new SiloAddress((IPEndPoint)stuck.LocalEndpoint, 1);
        var handshaken = HandshakeAndStopReadingAsync(stuck, peer);
        cluster.Layout.Add(peer);

        // 200 calls of 256 KB each: far more than the socket buffers hold, so the write loop waits on its flush and the
        // calls queue behind it until the bound refuses them.
        var argument = new string('x', 256 * 1024);
        var calls = Enumerable.Range(0, 200).Select(i => cluster.Silos[0].Grains.GetGrain<IRemoteGrain>($"s1-{i}").Fail(argument)).ToList();
        await Eventually.TrueAsync(() => calls.Count(c => c.IsFaulted) >= 100, "most calls were refused");

        var refused = calls.Where(c => c.IsFaulted).Select(c => c.Exception!.InnerException!).ToList();
        Assert.All(refused, e => Assert.Contains("8 requests already wait to be written", e.Message, StringComparison.Ordinal));
        Assert.All(refused, e => Assert.IsType<GrainCallFailedException>(e));
        Assert.Contains(calls, c => !c.IsCompleted);
        using var socket = await handshaken;
    }

    /// <summary>Accepts one connection, answers its handshake as <paramref name="peer"/>, and never reads from it.</summary>
    private static async Task<Socket> HandshakeAndStopReadingAsync(TcpListener listener, SiloAddress peer)
    {
        var socket = await listener.AcceptSocketAsync();
        var output = PipeWriter.Create(new NetworkStream(socket, ownsSocket: false));
        FrameWriter.WriteHandshake(output, new ConnectionHandshake(ConnectionRole.Silo, peer));
        await output.FlushAsync();
        return socket;
    }
}
