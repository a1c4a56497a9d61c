using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowOrleans.Runtime;

/// <summary>
/// The silo's life cycle as a hosted service: on start it registers generated grain code and starts the idle
/// collector and the deadline sweep; on stop it deactivates every activation (calling
/// <see cref="Grain.OnDeactivateAsync"/>) before the host's other services go away.
/// </summary>
internal sealed partial class Silo(
    SiloRuntimeContext silo,
    LocalSiloDetails details,
    GrainRuntime runtime,
    ILogger<Silo> logger) : IHostedService, IAsyncDisposable
{
    private readonly List<ActivationRequest> _expired = [];
    private ITimer? _collector;
    private ITimer? _deadlineSweep;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        details.Status = SiloStatus.Joining;
        GrainCodeRegistry.DiscoverAssemblies();
        var options = silo.Options;
        _collector = silo.Time.CreateTimer(static s => ((Silo)s!).CollectIdle(), this, options.CollectionQuantum, options.CollectionQuantum);
        var sweep = TimeSpan.FromTicks(Math.Clamp(options.ResponseTimeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _deadlineSweep = silo.Time.CreateTimer(static s => ((Silo)s!).ExpireCalls(), this, sweep, sweep);
        details.Status = SiloStatus.Active;
        LogStarted(logger, details.Name, details.SiloAddress, GrainCodeRegistry.GrainClasses.Count());
        _ = runtime;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        details.Status = SiloStatus.ShuttingDown;
        LogStopping(logger, silo.Catalog.Count);
        silo.Dispatcher.BeginStopping();
        _collector?.Dispose();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(silo.Options.ShutdownTimeout);
        try
        {
            await silo.Catalog.DeactivateAllAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogShutdownTimedOut(logger, silo.Catalog.Count);
        }

        _deadlineSweep?.Dispose();
        details.Status = SiloStatus.Dead;
    }

    private void CollectIdle()
    {
        var collected = silo.Catalog.CollectIdle(silo.Options.CollectionAge, silo.Time.GetTimestamp());
        if (collected > 0)
        {
            LogCollected(logger, collected);
        }
    }

    private void ExpireCalls()
    {
        lock (_expired)
        {
            var now = silo.Time.GetTimestamp();
            foreach (var activation in silo.Catalog.Activations)
            {
                activation.ExpireRequests(now, silo.Options.ResponseTimeout, _expired);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_collector is not null)
        {
            await _collector.DisposeAsync().ConfigureAwait(false);
        }

        if (_deadlineSweep is not null)
        {
            await _deadlineSweep.DisposeAsync().ConfigureAwait(false);
        }
    }
}
