using System.Diagnostics;

namespace FlowOrleans.Testing;

/// <summary>
/// Waits for a condition with a deadline, never a fixed sleep as synchronisation: the condition is re-checked every
/// few milliseconds, and a miss fails with what was awaited and the last value seen. Compiled into every test project
/// (tests/Directory.Build.props).
/// </summary>
internal static class Eventually
{
    /// <summary>The default deadline: generous for a loaded 2-core CI machine, short enough to fail fast.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        ValueAsync(() => Task.FromResult(condition()), done => done, what, deadline);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null) =>
        ValueAsync(condition, done => done, what, deadline);

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds for its value, and returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? Deadline;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}; last value: {value}.");
            }

            await Task.Delay(Poll);
        }
    }

    /// <summary>
    /// As <see cref="ValueAsync{T}"/>, for probes of something that may not answer yet (a process starting): HTTP
    /// failures, broken connections and timeouts of <paramref name="probe"/> count as "not yet", and the last one is reported at the deadline.
    /// </summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        T last = default!;
        Exception? lastError = null;
        while (clock.Elapsed < deadline)
        {
            try
            {
                last = await probe();
                lastError = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or InvalidOperationException)
            {
                lastError = e;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"Timed out after {deadline.TotalSeconds:0.#} s waiting for {what}; last seen: {(lastError is null ? last?.ToString() : lastError.Message)}");
    }

    /// <summary>
    /// Polls <paramref name="read"/> until <paramref name="done"/> holds or the deadline passes, and returns the last value
    /// either way. <paramref name="poll"/> spaces out reads that cost something (default: a few milliseconds).
    /// </summary>
    public static async Task<T> LastValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? deadline = null, TimeSpan? poll = null)
    {
        var limit = deadline ?? Deadline;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || clock.Elapsed > limit)
            {
                return value;
            }

            await Task.Delay(poll ?? Poll);
        }
    }
}
