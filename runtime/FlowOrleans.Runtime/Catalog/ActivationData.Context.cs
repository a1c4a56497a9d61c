using System.Diagnostics;

namespace FlowOrleans.Runtime;

/// <summary>The grain-facing side of an activation (<see cref="IGrainContext"/>).</summary>
internal sealed partial class ActivationData : IGrainContext
{
    public IGrainFactory GrainFactory => _silo.GrainFactory;

    public IServiceProvider ActivationServices => _silo.Services;

    public void DeactivateOnIdle() => RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        var until = _silo.Time.GetTimestamp() + (long)(timeSpan.TotalSeconds * _silo.Time.TimestampFrequency);
        lock (_lock)
        {
            _keepAliveUntil = Math.Max(_keepAliveUntil, until);
        }
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Debug.Assert(_state != ActivationState.Invalid);
        var timer = new GrainTimer(this, _silo.Time, callback, options);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Arm(options.DueTime);
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    internal Microsoft.Extensions.Logging.ILogger SiloLogger => _silo.Logger;

    public override string ToString() => $"[Activation {GrainId}]";
}
