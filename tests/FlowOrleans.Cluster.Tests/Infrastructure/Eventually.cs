namespace FlowOrleans.Cluster.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline instead of sleeping.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting until " + because);
            }

            await poll.WaitForNextTickAsync();
        }
    }
}
