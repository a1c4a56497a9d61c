namespace FlowOrleans.Runtime;

/// <summary>
/// A grain timer. Each tick is a request of its activation (a turn, subject to the same scheduling rules as
/// calls); the next tick is armed only after the previous one finished, so ticks never overlap. Ticks count
/// as activity (keep the activation alive) only when <see cref="GrainTimerOptions.KeepAlive"/> is set.
/// </summary>
internal sealed class GrainTimer : ActivationRequest, IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly bool _keepAlive;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposal = new();
    private TimeSpan _period;
    private int _queued;
    private volatile bool _disposed;

    public GrainTimer(ActivationData activation, TimeProvider time, Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        _activation = activation;
        _callback = callback;
        _keepAlive = options.KeepAlive;
        _period = options.Period;
        _timer = time.CreateTimer(static state => ((GrainTimer)state!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    internal override bool CountsAsActivity => _keepAlive;

    public void Arm(TimeSpan dueTime)
    {
        if (!_disposed)
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        _period = period;
        Arm(dueTime);
    }

    private void OnDue()
    {
        if (!_disposed && Interlocked.CompareExchange(ref _queued, 1, 0) == 0)
        {
            _activation.Enqueue(this);
        }
    }

    internal override void Start(ActivationData activation)
    {
        if (_disposed)
        {
            Finish();
            return;
        }

        Task tick;
        try
        {
            tick = _callback(_disposal.Token);
        }
        catch (Exception exception)
        {
            tick = Task.FromException(exception);
        }

        if (tick.IsCompleted)
        {
            Observe(tick);
            Finish();
        }
        else
        {
            _ = AwaitAsync(tick);
        }
    }

    private async Task AwaitAsync(Task tick)
    {
        try
        {
            await tick;
        }
        catch (Exception exception)
        {
            ActivationLog.TimerFailed(_activation.SiloLogger, _activation.GrainId, exception);
            _activation.OnTurnFailed(exception);
        }

        Finish();
    }

    private void Observe(Task tick)
    {
        if (tick.Exception is { } exception)
        {
            ActivationLog.TimerFailed(_activation.SiloLogger, _activation.GrainId, exception.GetBaseException());
            _activation.OnTurnFailed(exception);
        }
    }

    private void Finish()
    {
        Volatile.Write(ref _queued, 0);
        _activation.OnRequestCompleted(this);
        if (_period != Timeout.InfiniteTimeSpan)
        {
            Arm(_period);
        }
    }

    internal override void Fail(Exception exception) => Volatile.Write(ref _queued, 0);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _timer.Dispose();
        _disposal.Cancel();
        _activation.RemoveTimer(this);
    }
}
