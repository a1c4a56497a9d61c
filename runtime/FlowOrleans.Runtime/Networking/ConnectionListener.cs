using System.Net;
using System.Net.Sockets;

namespace FlowOrleans.Runtime.Networking;

/// <summary>Accepts TCP connections on one endpoint and hands each socket to a callback.</summary>
internal sealed class ConnectionListener(IPEndPoint endpoint, Action<Socket> onAccepted) : IAsyncDisposable
{
    private readonly Socket _socket = new(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private Task _acceptLoop = Task.CompletedTask;
    private volatile bool _disposed;

    public IPEndPoint Endpoint => (IPEndPoint)_socket.LocalEndPoint!;

    public void Start()
    {
        _socket.Bind(endpoint);
        _socket.Listen(512);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is ObjectDisposedException || (exception is SocketException && _disposed))
            {
                return;
            }
            catch (SocketException)
            {
                // A connection that was reset before it was accepted; keep listening.
                continue;
            }

            onAccepted(accepted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
    }
}
