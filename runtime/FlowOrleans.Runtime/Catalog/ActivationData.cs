using Microsoft.Extensions.Logging;

namespace FlowOrleans.Runtime;

/// <summary>
/// One activation of a grain: its request queue, its scheduling rules (non-reentrant by default, with
/// <see cref="ReentrantAttribute"/>, <see cref="AlwaysInterleaveAttribute"/> and <see cref="ReadOnlyAttribute"/>
/// opt-ins) and its life cycle. Requests wait in <c>_waiting</c> until admitted; admitted requests and
/// <c>await</c> continuations run one at a time from <c>_runQueue</c> (see ActivationData.Scheduling.cs).
/// </summary>
internal sealed partial class ActivationData
{
    private readonly object _lock = new();
    private readonly Queue<ActivationRequest> _waiting = new();
    private readonly SiloRuntimeContext _silo;
    private readonly GrainTypeStatistics _statistics;
    private ActivationRequest? _inFlightHead;
    private DeactivateStep? _pendingDeactivation;
    private bool _deactivationRequested;
    private ActivationState _state = ActivationState.Activating;
    private int _running;
    private int _runningWritable;
    private long _lastActivity;
    private long _keepAliveUntil;

    public ActivationData(GrainId grainId, GrainClassDescriptor grainClass, SiloRuntimeContext silo)
    {
        GrainId = grainId;
        GrainClass = grainClass;
        _silo = silo;
        _statistics = silo.Statistics.ForGrainType(grainClass.GrainType);
        _synchronizationContext = new ActivationSynchronizationContext(this);
        _waiting.Enqueue(new ActivateStep());
    }

    public GrainId GrainId { get; }

    public GrainClassDescriptor GrainClass { get; }

    public Grain? GrainInstance { get; private set; }

    public bool IsInvalid => _state == ActivationState.Invalid;

    /// <summary>Queues a request; it runs when the scheduling rules admit it. Thread-safe.</summary>
    public void Enqueue(ActivationRequest request)
    {
        bool reroute = false, schedule = false, inline = false;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                reroute = true;
            }
            else
            {
                LinkInFlight(request);
                if (request.IsAlwaysInterleave && _pendingDeactivation is null && CanStart(request))
                {
                    Admit(request);
                }
                else
                {
                    _waiting.Enqueue(request);
                    AdmitWaiting();
                }

                if (_runQueue.Count > 0 && !_scheduled)
                {
                    _scheduled = true;
                    inline = t_current is null;
                    schedule = !inline;
                }
            }
        }

        if (reroute)
        {
            _silo.Dispatcher.Reroute(request);
        }
        else if (inline)
        {
            Drain(1);
        }
        else if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Called once per admitted request when it finishes; admits the next ones.</summary>
    public void OnRequestCompleted(ActivationRequest request)
    {
        var schedule = false;
        lock (_lock)
        {
            UnlinkInFlight(request);
            _running--;
            if (!request.IsReadOnly)
            {
                _runningWritable--;
            }

            if (request.CountsAsActivity)
            {
                _lastActivity = _silo.Time.GetTimestamp();
            }

            AdmitWaiting();
            if (_runQueue.Count > 0 && !_scheduled)
            {
                _scheduled = true;
                schedule = true;
            }
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    public void RecordCall(GrainMethodDescriptor method, long dispatchTimestamp, bool failed)
    {
        var elapsed = _silo.Time.GetTimestamp() - dispatchTimestamp;
        var frequency = _silo.Time.TimestampFrequency;
        if (frequency != System.Diagnostics.Stopwatch.Frequency)
        {
            elapsed = (long)(elapsed * ((double)System.Diagnostics.Stopwatch.Frequency / frequency));
        }

        _statistics.Record(method, elapsed, failed);
    }

    private bool CanStart(ActivationRequest request)
    {
        if (request.IsExclusive)
        {
            return _running == 0;
        }

        if (_state != ActivationState.Valid)
        {
            return false;
        }

        return _running == 0
               || GrainClass.IsReentrant
               || request.IsAlwaysInterleave
               || (request.IsReadOnly && _runningWritable == 0);
    }

    private void Admit(ActivationRequest request)
    {
        _running++;
        if (!request.IsReadOnly)
        {
            _runningWritable++;
        }

        _runQueue.Enqueue(new WorkItem(request, null, null));
    }

    private void AdmitWaiting()
    {
        if (_pendingDeactivation is { } deactivation)
        {
            if (_running == 0 && _state == ActivationState.Valid)
            {
                _pendingDeactivation = null;
                _state = ActivationState.Deactivating;
                Admit(deactivation);
            }

            return;
        }

        while (_waiting.TryPeek(out var next) && CanStart(next))
        {
            _waiting.Dequeue();
            Admit(next);
        }
    }

    private void LinkInFlight(ActivationRequest request)
    {
        request.IsInFlight = true;
        request.InFlightPrevious = null;
        request.InFlightNext = _inFlightHead;
        if (_inFlightHead is not null)
        {
            _inFlightHead.InFlightPrevious = request;
        }

        _inFlightHead = request;
    }

    private void UnlinkInFlight(ActivationRequest request)
    {
        if (!request.IsInFlight)
        {
            return;
        }

        request.IsInFlight = false;
        if (request.InFlightPrevious is null)
        {
            _inFlightHead = request.InFlightNext;
        }
        else
        {
            request.InFlightPrevious.InFlightNext = request.InFlightNext;
        }

        if (request.InFlightNext is not null)
        {
            request.InFlightNext.InFlightPrevious = request.InFlightPrevious;
        }

        request.InFlightPrevious = request.InFlightNext = null;
    }

    /// <summary>Times out requests whose deadline passed (called by the silo's deadline sweep).</summary>
    public void ExpireRequests(long now, TimeSpan timeout, List<ActivationRequest> scratch)
    {
        scratch.Clear();
        lock (_lock)
        {
            for (var request = _inFlightHead; request is not null; request = request.InFlightNext)
            {
                if (request.DeadlineTimestamp <= now)
                {
                    scratch.Add(request);
                }
            }
        }

        foreach (var request in scratch)
        {
            request.TimeOut(timeout);
        }
    }

    private void LogTurnFailure(Exception exception) => ActivationLog.TurnFailed(_silo.Logger, GrainId, exception);
}
