using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.Client;

/// <summary>
/// The external client (Orleans' <c>ClusterClient</c>): a grain factory whose references send their calls to a
/// gateway silo, which runs them or forwards them to the owning silo. Generated references work unchanged (it is a
/// <see cref="GrainReferenceRuntime"/>). The connection opens on start, or on the first call when no gateway answered then.
/// A call that races a membership change (<see cref="GrainPlacementChangedException"/>: no grain ran it) is sent again
/// after a short pause, a bounded number of times (<see cref="ClusterClientOptions.PlacementChangedRetries"/>) and
/// never past its deadline; only then does the caller see the exception.
/// </summary>
internal sealed partial class ClusterClient : GrainReferenceRuntime, IClusterClient, IHostedService, IAsyncDisposable
{
    private readonly GatewayConnector _gateways;
    private readonly ClusterClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterClient> _logger;
    private readonly JsonSerializerOptions _serializerOptions;

    public ClusterClient(IOptions<ClusterClientOptions> options, IGatewayListProvider gateways, TimeProvider time, ILogger<ClusterClient> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _serializerOptions = new GrainStorageSerializer(_options.SerializerOptions, this).Options;
        _gateways = new GatewayConnector(gateways, _options, time, logger);
    }

    public bool IsConnected => _gateways.IsConnected;

    /// <summary>The options arguments and results are serialized with.</summary>
    internal JsonSerializerOptions SerializerOptions => _serializerOptions;

    /// <summary>The gateway silo this client talks to now, if connected.</summary>
    public SiloAddress? Gateway => _gateways.Gateway;

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey
        => (TGrainInterface)GetReference(typeof(TGrainInterface), primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey
        => (TGrainInterface)GetReference(typeof(TGrainInterface), primaryKey.ToString(CultureInfo.InvariantCulture));

    internal override ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request)
    {
        request.TargetId = target.GrainId;
        _gateways.Send(new ClientGrainCall(request, this, _time.GetUtcNow() + _options.ResponseTimeout, retries: 0));
        return request.AsValueTask();
    }

    /// <summary>
    /// Sends <paramref name="call"/>'s request again after <see cref="ClusterClientOptions.PlacementChangedRetryDelay"/>
    /// (doubled for each earlier retry), unless it was retried as often as allowed or the pause would pass its deadline.
    /// </summary>
    internal bool TryRetry(ClientGrainCall call, string? reason)
    {
        if (call.Retries >= _options.PlacementChangedRetries)
        {
            return false;
        }

        var delay = _options.PlacementChangedRetryDelay * (1L << Math.Min(call.Retries, 16));
        if (_time.GetUtcNow() + delay >= call.Deadline)
        {
            return false;
        }

        LogPlacementChangedRetry(_logger, call.Target, call.Retries + 1, delay, reason);
        _ = RetryAfterAsync(new ClientGrainCall(call.Request, this, call.Deadline, call.Retries + 1), delay);
        return true;
    }

    private async Task RetryAfterAsync(ClientGrainCall call, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            call.Fail(exception);
            return;
        }

        _gateways.Send(call);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _gateways.ConnectAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (GatewayUnavailableException exception)
        {
            LogNotConnectedAtStart(_logger, exception.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _gateways.DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => _gateways.DisposeAsync();

    [LoggerMessage(EventId = 131, Level = LogLevel.Debug, Message = "Call to {Grain} raced a membership change; sending it again (retry {Retry}) in {Delay}: {Reason}")]
    private static partial void LogPlacementChangedRetry(ILogger logger, GrainId grain, int retry, TimeSpan delay, string? reason);

    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "The cluster client could not connect at start; calls will retry: {Reason}")]
    private static partial void LogNotConnectedAtStart(ILogger logger, string reason);
}
