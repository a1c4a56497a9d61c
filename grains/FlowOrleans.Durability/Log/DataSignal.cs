namespace FlowOrleans.Durability.Log;

/// <summary>
/// Wakes partition readers when new data is published: readers await the current task, the writer completes it and
/// swaps in a fresh one.
/// </summary>
public sealed class DataSignal
{
    private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Current => Volatile.Read(ref _current).Task;

    public void Pulse()
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _current, next).TrySetResult();
    }

    /// <summary>Waits until <paramref name="ready"/> holds; checks it after taking the signal so no pulse is missed.</summary>
    public async ValueTask WaitUntilAsync(Func<bool> ready, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Current;
            if (ready())
            {
                return;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
