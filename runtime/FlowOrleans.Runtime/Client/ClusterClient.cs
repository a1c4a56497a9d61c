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

    /// <summary>The gateway silo this client talks to now, if connected.</summary>
    public SiloAddress? Gateway => _gateways.Gateway;

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey
        => (TGrainInterface)GetReference(typeof(TGrainInterface), primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey
        => (TGrainInterface)GetReference(typeof(TGrainInterface), primaryKey.ToString(CultureInfo.InvariantCulture));

    internal override ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request)
    {
        request.TargetId = target.GrainId;
        _gateways.Send(new GrainRequestCall(request, _serializerOptions, _time.GetUtcNow() + _options.ResponseTimeout));
        return request.AsValueTask();
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

    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "The cluster client could not connect at start; calls will retry: {Reason}")]
    private static partial void LogNotConnectedAtStart(ILogger logger, string reason);
}
