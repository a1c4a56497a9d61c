namespace FlowOrleans.Runtime;

/// <summary>
/// Something an activation runs as a turn: a grain call, a timer tick, or the activation's own
/// activate/deactivate steps. Requests wait in the activation's queue until its scheduling rules admit them.
/// </summary>
public abstract class ActivationRequest
{
    internal ActivationRequest? InFlightPrevious;
    internal ActivationRequest? InFlightNext;
    internal bool IsInFlight;

    /// <summary>For a request received from another silo or a client: how many silos had forwarded it (see <see cref="Message.ForwardCount"/>); -1 for a local call.</summary>
    internal int ForwardCount = -1;
    internal long DeadlineTimestamp = long.MaxValue;
    internal long DispatchTimestamp;
    internal GrainId TargetId;

    private protected ActivationRequest()
    {
    }

    internal virtual bool IsReadOnly => false;

    internal virtual bool IsAlwaysInterleave => false;

    internal virtual bool IsExclusive => false;

    internal virtual bool CountsAsActivity => true;

    /// <summary>Runs the request on the activation's scheduler. Must call <see cref="ActivationData.OnRequestCompleted"/> exactly once.</summary>
    internal abstract void Start(ActivationData activation);

    /// <summary>Completes the request with an error without running it.</summary>
    internal abstract void Fail(Exception exception);

    /// <summary>Completes the request with a timeout, if it has not completed yet.</summary>
    internal virtual void TimeOut(TimeSpan timeout)
    {
    }
}
