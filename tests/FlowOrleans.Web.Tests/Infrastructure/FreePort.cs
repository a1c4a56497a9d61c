using System.Net;
using System.Net.Sockets;

namespace FlowOrleans.Web.Tests.Infrastructure;

/// <summary>A loopback port that was free a moment ago, for programs that cannot report the port they bound.</summary>
public static class FreePort
{
    /// <summary>Binds port 0, reads the port the OS chose, and releases it.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
