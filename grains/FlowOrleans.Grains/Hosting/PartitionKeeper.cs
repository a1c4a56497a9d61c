using FlowOrleans.GrainInterfaces;
using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Hosting;

/// <summary>
/// Keeps every partition grain running somewhere, even when nobody ingests. On start it wakes all partitions (they
/// replay the log from their committed offsets); after that it wakes them again on every membership change and every
/// <see cref="StreamOptions.PartitionWakeInterval"/>. Placement routes each wake to the partition's owner, so when a
/// silo dies, its partitions are activated on their new owners from their last checkpoint, and every other partition
/// rewinds to its committed offset too: window grains of the dead silo lost what they applied since their checkpoint. Every silo runs one; a
/// wake of a partition that is already active costs one call. At most one wake per partition is in flight.
/// </summary>
internal sealed partial class PartitionKeeper(
    IGrainFactory grains,
    IOptions<StreamOptions> options,
    IServiceProvider services,
    TimeProvider time,
    ILogger<PartitionKeeper> logger) : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0);
    private readonly HashSet<SiloAddress> _knownDead = [];
    private Task[] _inFlight = [];
    private int _rewind;

    /// <summary>True once every partition has caught up with the log it found at start.</summary>
    public bool Ready { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var partitions = options.Value.Partitions;
        _inFlight = Enumerable.Range(0, partitions).Select(_ => Task.CompletedTask).ToArray();
        using var subscription = services.GetService<IClusterMembershipView>()?.Subscribe(OnMembershipChanged);
        await WakeUntilReadyAsync(partitions, stoppingToken);
        Ready = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _changed.WaitAsync(options.Value.PartitionWakeInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            WakeAll(Interlocked.Exchange(ref _rewind, 0) == 1);
        }
    }

    /// <summary>Wakes the partitions; when a silo died since the last look, they rewind to their committed offsets first.</summary>
    private void OnMembershipChanged(ClusterMembershipSnapshot snapshot)
    {
        var dead = snapshot.Members.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToHashSet();
        lock (_knownDead)
        {
            if (!dead.IsSubsetOf(_knownDead))
            {
                _knownDead.UnionWith(dead);
                Volatile.Write(ref _rewind, 1);
            }
        }

        _changed.Release();
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    private async Task WakeUntilReadyAsync(int partitions, CancellationToken stoppingToken)
    {
        var pending = Enumerable.Range(0, partitions).ToList();
        while (pending.Count > 0 && !stoppingToken.IsCancellationRequested)
        {
            var results = await Task.WhenAll(pending.Select(async p =>
            {
                try
                {
                    await grains.GetGrain<IPartitionGrain>(p).WakeAsync();
                    return -1;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogWakeFailed(logger, p, ex);
                    return p;
                }
            }));
            pending = [.. results.Where(p => p >= 0)];
            if (pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken);
            }
        }
    }

    private void WakeAll(bool rewind)
    {
        for (var p = 0; p < _inFlight.Length; p++)
        {
            if (rewind)
            {
                // A rewind must not be skipped because a wake is still running: it queues behind it.
                _inFlight[p] = WakeAsync(p, rewind: true);
            }
            else if (_inFlight[p].IsCompleted)
            {
                _inFlight[p] = WakeAsync(p, rewind: false);
            }
        }
    }

    private async Task WakeAsync(int partition, bool rewind)
    {
        try
        {
            var grain = grains.GetGrain<IPartitionGrain>(partition);
            await (rewind ? grain.RewindAsync() : grain.WakeAsync());
        }
        catch (Exception ex)
        {
            // The next membership change or period tries again (a rewind, if this was one).
            if (rewind)
            {
                Volatile.Write(ref _rewind, 1);
            }

            LogWakeFailed(logger, partition, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waking partition {Partition} failed; it is woken again on the next membership change or period")]
    private static partial void LogWakeFailed(ILogger logger, int partition, Exception exception);
}
