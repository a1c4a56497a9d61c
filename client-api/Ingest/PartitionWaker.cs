using FlowOrleans.ClientApi.Hosting;
using FlowOrleans.GrainInterfaces;
using FlowOrleans.Runtime;
using Microsoft.Extensions.Options;

namespace FlowOrleans.ClientApi.Ingest;

/// <summary>
/// Wakes partition grains after appends, coalescing: at most one wake-up call per partition is pending or in flight,
/// and any number of appends during it cause exactly one more. A wake-up can wait <see cref="FlowNodeOptions.WakeDelay"/>
/// first (a linger), so that when requests arrive one by one the partition reads the events of several commits in one
/// batch, with one round of window and watermark calls. Ingest never waits for processing.
/// </summary>
public sealed partial class PartitionWaker(IGrainFactory grains, IOptions<FlowNodeOptions> options, ILogger<PartitionWaker> logger)
{
    private const int Idle = 0, Running = 1, RunAgain = 2;
    private readonly int[] _states = new int[256];
    private readonly TimeSpan _delay = options.Value.WakeDelay;

    /// <summary>Makes sure partition <paramref name="partition"/> looks at the log after this call.</summary>
    public void Wake(int partition)
    {
        ref var state = ref _states[partition];
        while (true)
        {
            switch (Volatile.Read(ref state))
            {
                case Idle when Interlocked.CompareExchange(ref state, Running, Idle) == Idle:
                    _ = RunAsync(partition);
                    return;
                case Running when Interlocked.CompareExchange(ref state, RunAgain, Running) == Running:
                case RunAgain:
                    return;
            }
        }
    }

    private async Task RunAsync(int partition)
    {
        do
        {
            if (_delay > TimeSpan.Zero)
            {
                await Task.Delay(_delay).ConfigureAwait(false);
            }

            // Appends published before this point are read by the call below, so their RunAgain is spent here; only
            // appends from now on (during the call) need another round.
            Volatile.Write(ref _states[partition], Running);
            try
            {
                await grains.GetGrain<IPartitionGrain>(partition).WakeAsync();
            }
            catch (Exception ex)
            {
                // The partition's own timer picks the events up; nothing is lost.
                LogWakeFailed(logger, partition, ex);
            }
        }
        while (Interlocked.CompareExchange(ref _states[partition], Idle, Running) != Running);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waking partition {Partition} failed; its poll timer will process the events")]
    private static partial void LogWakeFailed(ILogger logger, int partition, Exception exception);
}
