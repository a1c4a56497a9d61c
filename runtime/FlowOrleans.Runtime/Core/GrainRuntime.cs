using System.Globalization;

namespace FlowOrleans.Runtime;

/// <summary>
/// The co-hosted client: creates grain references and sends their calls to the local dispatcher. Resolvable
/// from DI as <see cref="IGrainFactory"/> and <see cref="IClusterClient"/>.
/// </summary>
internal sealed class GrainRuntime : GrainReferenceRuntime, IClusterClient
{
    private readonly SiloRuntimeContext _silo;
    private readonly long _timeoutTimestampTicks;

    public GrainRuntime(SiloRuntimeContext silo)
    {
        _silo = silo;
        _timeoutTimestampTicks = (long)(silo.Options.ResponseTimeout.TotalSeconds * silo.Time.TimestampFrequency);
        silo.GrainFactory = this;
    }

    public bool IsConnected => !_silo.Dispatcher.IsStopping;

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey
        => (TGrainInterface)GetReference(typeof(TGrainInterface), primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey
        => (TGrainInterface)GetReference(typeof(TGrainInterface), primaryKey.ToString(CultureInfo.InvariantCulture));

    internal override ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request)
    {
        var now = _silo.Time.GetTimestamp();
        request.TargetId = target.GrainId;
        request.DispatchTimestamp = now;
        request.DeadlineTimestamp = now + _timeoutTimestampTicks;
        var activation = target.CachedActivation;
        if (activation is null || activation.IsInvalid)
        {
            try
            {
                target.CachedActivation = _silo.Dispatcher.Dispatch(request);
            }
            catch (Exception exception)
            {
                request.TrySetException(exception);
            }
        }
        else
        {
            activation.Enqueue(request);
        }

        return request.AsValueTask();
    }
}
