using System.Collections.Concurrent;
using System.Net.Sockets;
using FlowOrleans.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.Networking;

/// <summary>
/// The TCP <see cref="ISiloMessageTransport"/> (Orleans' <c>ConnectionManager</c> and <c>MessageCenter</c>): one
/// connection per silo pair, opened on first use or adopted when the other silo connected first; a listener for
/// silos and, optionally, one for external clients (the gateway). Received requests of both go to
/// <see cref="MessageDispatcher"/>, the same entry point as local calls. A sweep fails calls past their deadline.
/// </summary>
internal sealed partial class TcpMessageTransport : ISiloMessageTransport, IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, Task<MessageConnection>> _silos = new();
    private readonly ConcurrentDictionary<MessageConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TcpTransportOptions _options;
    private readonly SiloOptions _siloOptions;
    private readonly ILocalSiloDetails _localSilo;
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;
    private readonly ILogger<TcpMessageTransport> _logger;
    private readonly ConnectionSettings _siloSettings;
    private readonly ConnectionSettings _gatewaySettings;
    private ConnectionListener? _siloListener;
    private ConnectionListener? _gatewayListener;
    private ITimer? _deadlineSweep;
    private int _closed;

    public TcpMessageTransport(
        IOptions<TcpTransportOptions> options,
        IOptions<SiloOptions> siloOptions,
        ILocalSiloDetails localSilo,
        MessageDispatcher messages,
        TimeProvider time,
        IServiceProvider services,
        ILogger<TcpMessageTransport> logger)
    {
        _options = options.Value;
        _siloOptions = siloOptions.Value;
        _localSilo = localSilo;
        _time = time;
        _services = services;
        _logger = logger;
        _siloSettings = new ConnectionSettings(new ConnectionHandshake(ConnectionRole.Silo, localSilo.SiloAddress), _options.MaxFrameSize, _options.ConnectTimeout, _options.MaxQueuedRequests, messages, messages.SerializerOptions, logger);
        _gatewaySettings = _siloSettings with { Local = new ConnectionHandshake(ConnectionRole.Gateway, localSilo.SiloAddress) };
    }

    /// <summary>Where the gateway listens, once started; null without a gateway.</summary>
    public System.Net.IPEndPoint? GatewayEndpoint => _gatewayListener?.Endpoint;

    /// <summary>Frames written and flushes over the connections open now.</summary>
    public WriteStatistics WriteStatistics
    {
        get
        {
            long frames = 0, flushes = 0;
            foreach (var connection in _connections.Keys)
            {
                var statistics = connection.WriteStatistics;
                frames += statistics.Frames;
                flushes += statistics.Flushes;
            }

            return new WriteStatistics(frames, flushes);
        }
    }

    /// <summary>The connections open now (silos and clients).</summary>
    public int ConnectionCount => _connections.Count;

    public Task<Message> SendRequestAsync(SiloAddress target, Message request, CancellationToken cancellationToken = default)
    {
        var call = new TaskPendingCall(request);
        Send(target, call, cancellationToken);
        return call.Task;
    }

    public async Task ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        var connection = await GetConnection(target).WaitAsync(cancellationToken).ConfigureAwait(false);
        await connection.PingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a request on the connection to <paramref name="target"/>, connecting first when there is none.</summary>
    internal void Send(SiloAddress target, PendingCall call, CancellationToken cancellationToken = default)
    {
        var connecting = GetConnection(target);
        if (connecting.IsCompletedSuccessfully)
        {
            connecting.Result.Send(call, cancellationToken);
        }
        else
        {
            _ = SendWhenConnectedAsync(connecting, call, cancellationToken);
        }
    }

    private static async Task SendWhenConnectedAsync(Task<MessageConnection> connecting, PendingCall call, CancellationToken cancellationToken)
    {
        MessageConnection connection;
        try
        {
            connection = await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            call.Fail(exception);
            return;
        }

        connection.Send(call, cancellationToken);
    }

    private Task<MessageConnection> GetConnection(SiloAddress target)
    {
        while (true)
        {
            if (_silos.TryGetValue(target, out var existing))
            {
                if (!existing.IsCompletedSuccessfully || !existing.Result.IsClosed)
                {
                    return existing;
                }

                _silos.TryRemove(KeyValuePair.Create(target, existing));
                continue;
            }

            if (Unreachable(target) is { } reason)
            {
                return Task.FromException<MessageConnection>(new SiloUnavailableException(target, $"Silo {target} is unavailable: {reason}."));
            }

            var opened = new TaskCompletionSource<MessageConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_silos.TryAdd(target, opened.Task))
            {
                _ = ConnectAsync(target, opened);
                return opened.Task;
            }
        }
    }

    private string? Unreachable(SiloAddress target)
    {
        if (_stopping.IsCancellationRequested)
        {
            return "this silo is stopping";
        }

        if (target == _localSilo.SiloAddress)
        {
            return "it is this silo (a local grain was sent to the transport)";
        }

        return _services.GetService<IClusterMembershipView>()?.Current.GetStatus(target) == SiloStatus.Dead ? "it is dead in the membership table" : null;
    }

    private async Task ConnectAsync(SiloAddress target, TaskCompletionSource<MessageConnection> opened)
    {
        try
        {
            var connection = await MessageConnection.ConnectAsync(target.Endpoint, target, _siloSettings, _stopping.Token).ConfigureAwait(false);
            Track(connection, opened.Task);
            LogConnected(_logger, target);
            opened.SetResult(connection);
        }
        catch (Exception exception)
        {
            _silos.TryRemove(KeyValuePair.Create(target, opened.Task));
            opened.SetException(exception as SiloUnavailableException ?? new SiloUnavailableException(target, $"Silo {target} is unavailable: {exception.Message}.", exception));
        }
    }

    private void Track(MessageConnection connection, Task<MessageConnection>? registered)
    {
        _connections.TryAdd(connection, 0);
        connection.Closed.ContinueWith(
            closed =>
            {
                _connections.TryRemove(connection, out var _);
                if (registered is not null)
                {
                    _silos.TryRemove(KeyValuePair.Create(connection.PeerAddress, registered));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        if (_stopping.IsCancellationRequested)
        {
            connection.Abort("the silo is stopping");
        }
    }

    private void OnAccepted(Socket socket, ConnectionSettings settings) => _ = AcceptAsync(socket, settings);

    private async Task AcceptAsync(Socket socket, ConnectionSettings settings)
    {
        MessageConnection connection;
        try
        {
            connection = await MessageConnection.AcceptAsync(socket, settings, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogAcceptFailed(_logger, exception.Message);
            return;
        }

        Task<MessageConnection>? registered = null;
        if (connection.Peer is { Role: ConnectionRole.Silo, Silo: { } peer })
        {
            // The other silo connected first: use this connection both ways (one connection per silo pair).
            var adopted = Task.FromResult(connection);
            registered = _silos.TryAdd(peer, adopted) ? adopted : null;
        }

        Track(connection, registered);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _siloListener = Listen(_options.SiloEndpoint!, _siloSettings, nameof(TcpTransportOptions.SiloEndpoint));
        if (_options.GatewayEndpoint is { } gateway)
        {
            _gatewayListener = Listen(gateway, _gatewaySettings, nameof(TcpTransportOptions.GatewayEndpoint));
        }

        var sweep = TimeSpan.FromTicks(Math.Clamp(_siloOptions.ResponseTimeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _deadlineSweep = _time.CreateTimer(static s => ((TcpMessageTransport)s!).ExpireCalls(), this, sweep, sweep);
        LogListening(_logger, _localSilo.SiloAddress, _gatewayListener?.Endpoint);
        return Task.CompletedTask;
    }

    private ConnectionListener Listen(System.Net.IPEndPoint endpoint, ConnectionSettings settings, string optionName)
    {
        var listener = new ConnectionListener(endpoint, socket => OnAccepted(socket, settings));
        try
        {
            listener.Start();
        }
        catch (SocketException exception)
        {
            throw new InvalidOperationException($"{nameof(TcpTransportOptions)}.{optionName} {endpoint} cannot be listened on: {exception.Message}", exception);
        }

        return listener;
    }

    private void ExpireCalls()
    {
        var now = _time.GetUtcNow();
        foreach (var connection in _connections.Keys)
        {
            connection.ExpireCalls(now);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await CloseAsync("the silo is stopping").ConfigureAwait(false);

    /// <summary>Stops listening and drops every connection at once, as a crashed silo would (tests use it).</summary>
    internal Task KillAsync() => CloseAsync("the silo was killed");

    private async Task CloseAsync(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_siloListener is not null)
        {
            await _siloListener.DisposeAsync().ConfigureAwait(false);
        }

        if (_gatewayListener is not null)
        {
            await _gatewayListener.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var connection in _connections.Keys)
        {
            connection.Abort(reason);
        }

        if (_deadlineSweep is not null)
        {
            await _deadlineSweep.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync("the silo was disposed").ConfigureAwait(false);
        _stopping.Dispose();
    }
}
