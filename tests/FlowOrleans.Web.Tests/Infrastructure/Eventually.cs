namespace FlowOrleans.Web.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline, polling; never a fixed sleep as synchronisation.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it returns a value that satisfies <paramref name="done"/>; fails with <paramref name="what"/> and the last value at the deadline.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = default!;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
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
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                lastError = e;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0} s; last seen: {(lastError is null ? last?.ToString() : lastError.Message)}");
    }
}
