using FlowOrleans.GrainInterfaces;
using FlowOrleans.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Hosting;

/// <summary>
/// Activates every partition grain when the node starts, so partitions run (and replay the log after a
/// crash) even before anyone ingests. Their timers keep them alive afterwards.
/// </summary>
internal sealed class PartitionStarter(IGrainFactory grains, IOptions<StreamOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var partitions = options.Value.Partitions;
        await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => grains.GetGrain<IPartitionGrain>(p).WakeAsync()));
        Ready = true;
    }

    /// <summary>True once every partition has caught up with the log it found at start.</summary>
    public bool Ready { get; private set; }
}
