using System.Net;
using System.Net.Sockets;

namespace FlowOrleans.Runtime.Networking;

/// <summary>Opening a connection: connect (or accept), exchange handshakes, check who answered, start the loops.</summary>
internal sealed partial class MessageConnection
{
    /// <summary>
    /// Connects to <paramref name="endpoint"/>. When <paramref name="expected"/> has a generation, the peer must be
    /// that generation: a silo restarted on the same endpoint is another silo.
    /// </summary>
    public static async Task<MessageConnection> ConnectAsync(IPEndPoint endpoint, SiloAddress? expected, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var peer = expected ?? new SiloAddress(endpoint, 0);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            var why = exception is OperationCanceledException ? $"connecting timed out after {settings.ConnectTimeout}" : exception.Message;
            throw new SiloUnavailableException(peer, $"Silo {peer} is unavailable: {why}.", exception);
        }

        var connection = new MessageConnection(socket, settings, peer);
        await connection.HandshakeAsync(timeout.Token, cancellationToken).ConfigureAwait(false);
        if (expected is { Generation: not 0 } wanted && connection.Peer.Silo is { } actual && actual.Generation != wanted.Generation)
        {
            connection.Close(new IOException("wrong generation"));
            throw new SiloUnavailableException(wanted, $"Silo {wanted} is unavailable: {endpoint} is now generation {actual.Generation} (the silo restarted).");
        }

        connection.StartLoops();
        return connection;
    }

    /// <summary>Takes an accepted socket: exchanges handshakes and starts the loops.</summary>
    public static async Task<MessageConnection> AcceptAsync(Socket socket, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        var connection = new MessageConnection(socket, settings, RemoteAddress(socket));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ConnectTimeout);
        await connection.HandshakeAsync(timeout.Token, cancellationToken).ConfigureAwait(false);
        connection.StartLoops();
        return connection;
    }

    private async Task HandshakeAsync(CancellationToken timeout, CancellationToken cancellationToken)
    {
        try
        {
            FrameWriter.WriteHandshake(_output, _settings.Local);
            await _output.FlushAsync(timeout).ConfigureAwait(false);
            while (true)
            {
                var result = await _input.ReadAsync(timeout).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (FrameReader.TryRead(ref buffer, _settings.MaxFrameSize, out var frame))
                {
                    // Consumed the handshake only; the next read sees whatever followed it.
                    _input.AdvanceTo(buffer.Start);
                    if (frame.Type != FrameType.Handshake)
                    {
                        throw new InvalidDataException($"Expected a Handshake frame first, got {frame.Type}.");
                    }

                    Peer = frame.Handshake;
                    if (frame.Handshake.Silo is { } silo)
                    {
                        PeerAddress = silo;
                    }

                    return;
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    throw new IOException("the peer closed the connection during the handshake");
                }
            }
        }
        catch (Exception exception) when (exception is not SiloUnavailableException)
        {
            Close(exception);
            cancellationToken.ThrowIfCancellationRequested();
            var why = exception is OperationCanceledException ? $"the handshake timed out after {_settings.ConnectTimeout}" : $"the handshake failed ({exception.Message})";
            throw Unavailable(why, exception);
        }
    }
}
