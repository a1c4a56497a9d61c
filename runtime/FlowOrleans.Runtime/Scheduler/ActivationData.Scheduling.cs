namespace FlowOrleans.Runtime;

/// <summary>
/// The activation's mailbox (in the spirit of Orleans' ActivationTaskScheduler and Proto.Actor's mailbox):
/// a thread-pool work item drains <c>_runQueue</c> one item at a time under the activation's
/// <see cref="SynchronizationContext"/>, so <c>await</c> continuations come back to the activation.
/// <c>_scheduled</c> is the busy flag; a run processes at most <see cref="SiloOptions.MaxWorkItemsPerRun"/> items.
/// A caller outside any activation that finds the mailbox idle runs the first item inline (the synchronous fast path).
/// </summary>
internal sealed partial class ActivationData : IThreadPoolWorkItem
{
    [ThreadStatic]
    private static ActivationData? t_current;

    private readonly Queue<WorkItem> _runQueue = new();
    private readonly ActivationSynchronizationContext _synchronizationContext;
    private bool _scheduled;

    /// <summary>The activation whose turn runs on this thread, if any.</summary>
    public static ActivationData? Current => t_current;

    /// <summary>Queues an <c>await</c> continuation (from the synchronization context). Thread-safe.</summary>
    public void Post(SendOrPostCallback callback, object? state)
    {
        var schedule = false;
        lock (_lock)
        {
            _runQueue.Enqueue(new WorkItem(null, callback, state));
            if (!_scheduled)
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

    void IThreadPoolWorkItem.Execute() => Drain(_silo.Options.MaxWorkItemsPerRun);

    private void Drain(int limit)
    {
        var previousContext = SynchronizationContext.Current;
        var previousActivation = t_current;
        SynchronizationContext.SetSynchronizationContext(_synchronizationContext);
        t_current = this;
        var reschedule = false;
        try
        {
            for (var processed = 0; ; processed++)
            {
                WorkItem item;
                lock (_lock)
                {
                    if (_runQueue.Count == 0)
                    {
                        _scheduled = false;
                        return;
                    }

                    if (processed >= limit)
                    {
                        reschedule = true;
                        break;
                    }

                    item = _runQueue.Dequeue();
                }

                Execute(item);
            }
        }
        finally
        {
            t_current = previousActivation;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }

        if (reschedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void Execute(in WorkItem item)
    {
        try
        {
            if (item.Request is { } request)
            {
                request.Start(this);
            }
            else
            {
                item.Callback!(item.State);
            }
        }
        catch (Exception exception)
        {
            LogTurnFailure(exception);
        }
    }
}

/// <summary>One entry of an activation's run queue: a request to start, or a continuation to run.</summary>
internal readonly record struct WorkItem(ActivationRequest? Request, SendOrPostCallback? Callback, object? State);
