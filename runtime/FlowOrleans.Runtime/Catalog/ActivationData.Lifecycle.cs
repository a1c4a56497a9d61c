namespace FlowOrleans.Runtime;

/// <summary>Activation and deactivation of an activation, and idle detection.</summary>
internal sealed partial class ActivationData
{
    private readonly List<IPersistentStateLoader> _states = [];
    private readonly List<GrainTimer> _timers = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lifetime = new();

    /// <summary>Completes when the activation is gone.</summary>
    public Task Deactivated => _deactivated.Task;

    internal void AddPersistentState(IPersistentStateLoader state) => _states.Add(state);

    internal async Task RunActivationAsync(ActivateStep step)
    {
        try
        {
            var grain = GrainContextScope.Construct<Grain>(this, () => GrainClass.Create(_silo.Services, this));
            grain.GrainContext = this;
            GrainInstance = grain;
            foreach (var state in _states)
            {
                await state.ReadStateAsync(_lifetime.Token);
            }

            await grain.OnActivateAsync(_lifetime.Token);
            lock (_lock)
            {
                _state = ActivationState.Valid;
                _lastActivity = _silo.Time.GetTimestamp();
            }

            _statistics.ActivationAdded();
            ActivationLog.Activated(_silo.Logger, GrainId);
        }
        catch (Exception exception)
        {
            ActivationLog.ActivationFailed(_silo.Logger, GrainId, exception);
            var orphans = Invalidate();
            foreach (var orphan in orphans)
            {
                orphan.Fail(exception);
            }

            _deactivated.TrySetResult();
        }
        finally
        {
            OnRequestCompleted(step);
        }
    }

    internal async Task RunDeactivationAsync(DeactivateStep step)
    {
        try
        {
            GrainTimer[] timers;
            lock (_lock)
            {
                timers = [.. _timers];
            }

            foreach (var timer in timers)
            {
                timer.Dispose();
            }

            if (GrainInstance is { } grain)
            {
                using var timeout = new CancellationTokenSource(_silo.Options.DeactivationTimeout);
                await grain.OnDeactivateAsync(step.Reason, timeout.Token);
            }
        }
        catch (Exception exception)
        {
            ActivationLog.DeactivationFailed(_silo.Logger, GrainId, exception);
        }
        finally
        {
            var orphans = Invalidate();
            lock (_lock)
            {
                UnlinkInFlight(step);
                _running--;
                _runningWritable--;
            }

            _statistics.ActivationRemoved();
            await _lifetime.CancelAsync();
            ActivationLog.Deactivated(_silo.Logger, GrainId, step.Reason.Code);
            foreach (var orphan in orphans)
            {
                _silo.Dispatcher.Reroute(orphan);
            }

            _deactivated.TrySetResult();
        }
    }

    /// <summary>Removes the activation from the catalog and returns the requests that never started here.</summary>
    private List<ActivationRequest> Invalidate()
    {
        lock (_lock)
        {
            _silo.Catalog.Remove(this);
            _state = ActivationState.Invalid;
            var orphans = new List<ActivationRequest>(_waiting.Count);
            while (_waiting.TryDequeue(out var request))
            {
                UnlinkInFlight(request);
                orphans.Add(request);
            }

            return orphans;
        }
    }

    /// <summary>
    /// Drops the activation at once, as a crashed or dead silo does: no <see cref="Grain.OnDeactivateAsync"/>,
    /// timers stopped, waiting requests failed, the activation removed from the catalog. Turns already running
    /// finish, but their grain's lifetime token is cancelled.
    /// </summary>
    public void Abandon(Exception reason)
    {
        GrainTimer[] timers;
        bool wasValid;
        lock (_lock)
        {
            timers = [.. _timers];
            wasValid = _state == ActivationState.Valid;
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        var orphans = Invalidate();
        if (wasValid)
        {
            _statistics.ActivationRemoved();
        }

        _lifetime.Cancel();
        foreach (var orphan in orphans)
        {
            orphan.Fail(reason);
        }

        _deactivated.TrySetResult();
    }

    /// <summary>Deactivates once running turns end; later calls go to a new activation.</summary>
    /// <summary>
    /// A call or timer tick of this activation failed. As in Orleans, an <see cref="InconsistentStateException"/> means
    /// the stored state moved on without this activation (another activation wrote it, e.g. while membership was not yet
    /// settled), and every later write from here would fail too: the activation goes, and the next call reads the state
    /// afresh. Any other failure leaves the activation as it is.
    /// </summary>
    internal void OnTurnFailed(Exception error)
    {
        if (IsInconsistentState(error))
        {
            RequestDeactivation(new DeactivationReason(DeactivationReasonCode.InconsistentState,
                "A state write found a newer version in storage; the next activation reads it."));
        }
    }

    private static bool IsInconsistentState(Exception? error)
    {
        for (var depth = 0; error is not null && depth < 8; depth++)
        {
            switch (error)
            {
                case InconsistentStateException:
                    return true;
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Any(IsInconsistentState);
                default:
                    error = error.InnerException;
                    break;
            }
        }

        return false;
    }

    public void RequestDeactivation(DeactivationReason reason)
    {
        var schedule = false;
        lock (_lock)
        {
            if (_deactivationRequested || _state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                return;
            }

            _deactivationRequested = true;
            _pendingDeactivation = new DeactivateStep(reason);
            LinkInFlight(_pendingDeactivation);
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

    /// <summary>True when nothing runs or waits and the activation has been idle for <paramref name="age"/>.</summary>
    public bool IsIdleLongerThan(TimeSpan age, long now)
    {
        lock (_lock)
        {
            return _state == ActivationState.Valid && _running == 0 && _waiting.Count == 0 && !_deactivationRequested
                   && now >= _keepAliveUntil
                   && _silo.Time.GetElapsedTime(_lastActivity, now) >= age;
        }
    }
}
