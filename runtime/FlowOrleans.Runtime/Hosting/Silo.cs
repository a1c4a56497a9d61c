using FlowOrleans.Runtime.Membership;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowOrleans.Runtime;

/// <summary>
/// The silo's life cycle as a hosted service: on start it registers generated grain code, starts the idle
/// collector and the deadline sweep, and (with clustering, once every hosted service started) joins the
/// cluster; on stop (with clustering, before any hosted service stops) it announces ShuttingDown, deactivates every activation (calling <see cref="Grain.OnDeactivateAsync"/>, so grains
/// checkpoint and hand off) and leaves as Dead. A silo the cluster declared dead skips the deactivations:
/// its grains already belong to other silos, and nothing it holds may be written any more.
/// </summary>
internal sealed partial class Silo(
    SiloRuntimeContext silo,
    LocalSiloDetails details,
    GrainRuntime runtime,
    ILogger<Silo> logger,
    MembershipService? membership = null,
    ActivationHandoff? handoff = null) : IHostedLifecycleService, IAsyncDisposable
{
    private readonly List<ActivationRequest> _expired = [];
    private ITimer? _collector;
    private ITimer? _deadlineSweep;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        details.Status = SiloStatus.Joining;
        GrainCodeRegistry.DiscoverAssemblies();
        var options = silo.Options;
        _collector = silo.Time.CreateTimer(static s => ((Silo)s!).CollectIdle(), this, options.CollectionQuantum, options.CollectionQuantum);
        var sweep = TimeSpan.FromTicks(Math.Clamp(options.ResponseTimeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _deadlineSweep = silo.Time.CreateTimer(static s => ((Silo)s!).ExpireCalls(), this, sweep, sweep);
        if (membership is null)
        {
            details.Status = SiloStatus.Active;
            LogStarted(logger, details.Name, details.SiloAddress, GrainCodeRegistry.GrainClasses.Count());
        }

        _ = runtime;
        return Task.CompletedTask;
    }

    /// <summary>A cluster member joins once every hosted service started, so its transport already listens when others probe it.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (membership is not null)
        {
            handoff?.Start();
            await membership.JoinAsync(cancellationToken).ConfigureAwait(false);
            LogStarted(logger, details.Name, details.SiloAddress, GrainCodeRegistry.GrainClasses.Count());
        }
    }

    /// <summary>A cluster member leaves before any hosted service stops, so its transport still carries calls and probes while grains hand off.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken) =>
        membership is null ? Task.CompletedTask : LeaveAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) =>
        membership is null ? LeaveAsync(cancellationToken) : Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task LeaveAsync(CancellationToken cancellationToken)
    {
        silo.Dispatcher.BeginStopping();
        _collector?.Dispose();
        if (membership is { IsDeclaredDead: true })
        {
            LogAbandoned(logger, silo.Catalog.Count);
            _deadlineSweep?.Dispose();
            return;
        }

        details.Status = SiloStatus.ShuttingDown;
        LogStopping(logger, silo.Catalog.Count);
        if (membership is not null)
        {
            await membership.BeginLeavingAsync(cancellationToken).ConfigureAwait(false);
        }

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
        if (membership is not null)
        {
            await membership.LeaveAsync(cancellationToken).ConfigureAwait(false);
        }

        details.Status = SiloStatus.Dead;
    }

    /// <summary>
    /// Simulates a crash inside one process (the TestCluster's kill): timers stop, activations are dropped
    /// without deactivating, and nothing more is written to the membership table.
    /// </summary>
    internal async Task CrashAsync()
    {
        silo.Dispatcher.BeginStopping();
        if (silo.Services.GetService(typeof(Networking.TcpMessageTransport)) is Networking.TcpMessageTransport transport)
        {
            await transport.KillAsync().ConfigureAwait(false);
        }

        if (membership is not null)
        {
            await membership.DisposeAsync().ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
        silo.Catalog.AbandonAll("the silo crashed");
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
