using System.Net;
using System.Net.Sockets;

namespace FlowOrleans.TestingHost;

/// <summary>Finds free loopback ports (the operating system picks them), so parallel test runs never collide.</summary>
public static class FreeTcpPort
{
    /// <summary>A loopback endpoint on a port that was free a moment ago.</summary>
    public static IPEndPoint NextLoopbackEndpoint() => new(IPAddress.Loopback, Next());

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
