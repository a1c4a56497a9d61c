using System.Net;
using FlowOrleans.Runtime.Networking;
using Microsoft.Extensions.Logging;

namespace FlowOrleans.Runtime.Client;

/// <summary>
/// The client's connection to the cluster (Orleans' <c>GatewayManager</c>): one connection to one gateway at a
/// time. When it is lost, the calls in flight on it fail with <see cref="SiloUnavailableException"/> and the next
/// call reconnects, reading the gateway list again and trying the other gateways first. When none answers, calls
/// fail with <see cref="GatewayUnavailableException"/> listing what was tried.
/// </summary>
internal sealed partial class GatewayConnector : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly IGatewayListProvider _gateways;
    private readonly ConnectionSettings _settings;
    private readonly ILogger _logger;
    private readonly ITimer _deadlineSweep;
    private readonly TimeProvider _time;
    private MessageConnection? _current;
    private Task<MessageConnection>? _connecting;
    // Clients start at a random gateway, so many clients spread over the gateways.
    private int _next = Random.Shared.Next(1024);

    public GatewayConnector(IGatewayListProvider gateways, ClusterClientOptions options, TimeProvider time, ILogger logger)
    {
        _gateways = gateways;
        _logger = logger;
        _time = time;
        _settings = new ConnectionSettings(new ConnectionHandshake(ConnectionRole.Client, null), options.MaxFrameSize, options.ConnectTimeout, options.MaxQueuedRequests, null, null, logger);
        var sweep = TimeSpan.FromTicks(Math.Clamp(options.ResponseTimeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _deadlineSweep = time.CreateTimer(static s => ((GatewayConnector)s!).ExpireCalls(), this, sweep, sweep);
    }

    /// <summary>True while a gateway connection is open.</summary>
    public bool IsConnected => Volatile.Read(ref _current) is { IsClosed: false };

    /// <summary>The gateway connected to now, if any.</summary>
    public SiloAddress? Gateway => Volatile.Read(ref _current) is { IsClosed: false } current ? current.PeerAddress : null;

    public void Send(PendingCall call)
    {
        if (Volatile.Read(ref _current) is { IsClosed: false } current)
        {
            current.Send(call);
            return;
        }

        _ = SendWhenConnectedAsync(call);
    }

    private async Task SendWhenConnectedAsync(PendingCall call)
    {
        MessageConnection connection;
        try
        {
            connection = await ConnectAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            call.Fail(exception);
            return;
        }

        connection.Send(call);
    }

    /// <summary>The open connection, or a new one to the first gateway that answers.</summary>
    public Task<MessageConnection> ConnectAsync()
    {
        lock (_lock)
        {
            if (_current is { IsClosed: false } current)
            {
                return Task.FromResult(current);
            }

            if (_stopping.IsCancellationRequested)
            {
                return Task.FromException<MessageConnection>(new GatewayUnavailableException("The cluster client was stopped."));
            }

            if (_connecting is { IsCompleted: false } connecting)
            {
                return connecting;
            }

            return _connecting = ConnectToAnyAsync();
        }
    }

    private async Task<MessageConnection> ConnectToAnyAsync()
    {
        IReadOnlyList<IPEndPoint> gateways;
        try
        {
            gateways = await _gateways.GetGatewaysAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new GatewayUnavailableException($"The gateway list could not be read: {exception.Message}", exception);
        }

        if (gateways.Count == 0)
        {
            throw new GatewayUnavailableException("No gateway is known: the gateway list is empty (ClusterClientOptions.Gateways, or no Active silo with a gateway in the membership table).");
        }

        var failures = new List<string>();
        var start = Volatile.Read(ref _next);
        for (var i = 0; i < gateways.Count; i++)
        {
            var index = (start + i) % gateways.Count;
            var endpoint = gateways[index];
            try
            {
                var connection = await MessageConnection.ConnectAsync(endpoint, null, _settings, _stopping.Token).ConfigureAwait(false);
                lock (_lock)
                {
                    _current = connection;
                }

                // After this one is lost, start with the gateway after it.
                Volatile.Write(ref _next, index + 1);
                _ = connection.Closed.ContinueWith(_ => LogGatewayLost(_logger, endpoint), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                LogConnected(_logger, endpoint, connection.PeerAddress);
                return connection;
            }
            catch (SiloUnavailableException exception)
            {
                failures.Add($"{endpoint} ({exception.Message})");
            }
        }

        throw new GatewayUnavailableException($"No gateway is reachable; tried {string.Join(", ", failures)}.");
    }

    private void ExpireCalls()
    {
        if (Volatile.Read(ref _current) is { } current)
        {
            current.ExpireCalls(_time.GetUtcNow());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _deadlineSweep.DisposeAsync().ConfigureAwait(false);
        Volatile.Read(ref _current)?.Abort("the client is closing");
    }
}
