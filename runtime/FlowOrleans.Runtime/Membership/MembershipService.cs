using FlowOrleans.Runtime.Networking;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.Membership;

/// <summary>
/// This silo's part in cluster membership, in Orleans' way: it joins the table as Joining then Active,
/// writes IAmAlive, re-reads the table, probes its ring successors and writes the oracle's suspicions and
/// death declarations. A silo that reads its own row as Dead stops hosting at once and stops its host; it
/// never writes again (a restarted process is a new generation). The silo's life cycle calls
/// <see cref="JoinAsync"/>, <see cref="BeginLeavingAsync"/> and <see cref="LeaveAsync"/>; disposing without
/// leaving is a crash (no more writes).
/// </summary>
internal sealed partial class MembershipService(
    IMembershipTable table,
    ISiloMessageTransport transport,
    IOptions<ClusterMembershipOptions> options,
    LocalSiloDetails localSilo,
    ClusterMembershipView view,
    SiloRuntimeContext silo,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<MembershipService> logger) : IAsyncDisposable
{
    private readonly ClusterMembershipOptions _options = options.Value;
    private readonly MembershipOracle _oracle = new(options.Value);
    private readonly MembershipTableWriter _writer = new(table);
    private readonly MissedProbeCounts _missed = new();
    private readonly SemaphoreSlim _decisions = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private MembershipTableData? _snapshot;
    private int _declaredDead;
    private int _disposed;

    private SiloAddress Self => localSilo.SiloAddress;

    /// <summary>Inserts this silo's row as Joining, starts the heartbeat, then moves to Active and starts probing.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var entry = new MembershipEntry
        {
            SiloAddress = Self,
            Status = SiloStatus.Joining,
            StartTime = localSilo.StartedAt,
            IAmAliveTime = now,
            HostName = Environment.MachineName,
            SiloName = localSilo.Name,
            ProxyPort = transport is TcpMessageTransport tcp ? tcp.GatewayEndpoint?.Port ?? 0 : 0,
        };
        if (!await _writer.TryJoinAsync(entry, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException(
                $"Silo {Self} cannot join the cluster: this generation already has a row, or a newer generation runs on {Self.Endpoint}. A dead silo never rejoins; restart the process to get a new generation.");
        }

        LogJoining(logger, Self);
        StartLoop(RunEveryAsync(_options.IAmAliveTablePublishTimeout, WriteIAmAliveAsync));
        if (!await _writer.TryUpdateStatusAsync(Self, SiloStatus.Active, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Silo {Self} was declared dead while joining.");
        }

        localSilo.Status = SiloStatus.Active;
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        LogActive(logger, Self, view.Current.Active.Count());
        StartLoop(RunEveryAsync(_options.TableRefreshTimeout, RefreshAsync));
        StartLoop(RunEveryAsync(_options.ProbeInterval, ProbeRoundAsync));
        StartLoop(RunEveryAsync(_options.DefunctSiloCleanupPeriod, CleanUpDefunctRowsAsync));
    }

    /// <summary>Writes ShuttingDown, so that the other silos stop placing grains here while this one deactivates its own.</summary>
    public async Task BeginLeavingAsync(CancellationToken cancellationToken)
    {
        if (IsDeclaredDead)
        {
            return;
        }

        await _writer.TryUpdateStatusAsync(Self, SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        LogLeaving(logger, Self);
    }

    /// <summary>Stops the heartbeat and probes and writes Dead: this generation is gone for good.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await StopLoopsAsync().ConfigureAwait(false);
        if (IsDeclaredDead)
        {
            return;
        }

        await _writer.TryUpdateStatusAsync(Self, SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
        localSilo.Status = SiloStatus.Dead;
        view.Publish(ClusterMembershipView.FromTable(await table.ReadAllAsync(cancellationToken).ConfigureAwait(false)));
        LogLeft(logger, Self);
    }

    /// <summary>True once this silo read its own row as Dead.</summary>
    public bool IsDeclaredDead => Volatile.Read(ref _declaredDead) == 1;

    /// <summary>Reads the table, publishes the view and stops the silo when the table says it is dead.</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        _snapshot = snapshot;
        if (MembershipOracle.MustStop(snapshot, Self))
        {
            OnDeclaredDead();
        }

        view.Publish(ClusterMembershipView.FromTable(snapshot));
    }

    private async Task WriteIAmAliveAsync(CancellationToken cancellationToken)
    {
        var entry = new MembershipEntry
        {
            SiloAddress = Self,
            Status = localSilo.Status,
            StartTime = localSilo.StartedAt,
            IAmAliveTime = time.GetUtcNow(),
        };
        await table.UpdateIAmAliveAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the rows of silos dead for longer than <see cref="ClusterMembershipOptions.DefunctSiloExpiration"/>.</summary>
    private async Task CleanUpDefunctRowsAsync(CancellationToken cancellationToken)
    {
        var removed = await table.CleanupDefunctSiloEntriesAsync(time.GetUtcNow() - _options.DefunctSiloExpiration, cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            LogCleanedUp(logger, removed);
        }
    }

    /// <summary>Probes the ring successors once, counts misses, and writes what the oracle decides.</summary>
    private async Task ProbeRoundAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is not { } snapshot)
        {
            return;
        }

        var targets = ProbeTargets.Select(snapshot, Self, _options.NumProbedSilos);
        _missed.KeepOnly(targets);
        await Task.WhenAll(targets.Select(t => ProbeAsync(t, cancellationToken))).ConfigureAwait(false);
        await DecideAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ProbeTimeout);
        try
        {
            await transport.ProbeAsync(target, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
            _missed.Succeeded(target);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var missed = _missed.Missed(target);
            LogProbeMissed(logger, target, missed, exception.Message);
        }
    }

    /// <summary>Asks the oracle; when it wants writes, asks again on a fresh read and writes through CAS.</summary>
    private async Task DecideAsync(CancellationToken cancellationToken)
    {
        var missed = _missed.Snapshot();
        if (_snapshot is not { } last || _oracle.Decide(last, Self, missed, time.GetUtcNow()).Count == 0)
        {
            return;
        }

        await _decisions.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var fresh = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var actions = _oracle.Decide(fresh, Self, missed, time.GetUtcNow());
            var written = await _writer.ApplyAsync(fresh, actions, cancellationToken).ConfigureAwait(false);
            foreach (var action in actions.Take(written))
            {
                LogAction(logger, action.Kind, action.Target.Entry.SiloAddress, action.Reason);
            }

            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _decisions.Release();
        }
    }

    private void OnDeclaredDead()
    {
        if (Interlocked.Exchange(ref _declaredDead, 1) == 1)
        {
            return;
        }

        localSilo.Status = SiloStatus.Dead;
        LogDeclaredDead(logger, Self);
        silo.Dispatcher.BeginStopping();
        silo.Catalog.AbandonAll("the cluster declared this silo dead");
        _stopping.Cancel();
        lifetime.StopApplication();
    }

    private async Task RunEveryAsync(TimeSpan period, Func<CancellationToken, Task> work)
    {
        var token = _stopping.Token;
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                try
                {
                    await work(token).ConfigureAwait(false);
                }
                catch (Exception exception) when (!token.IsCancellationRequested)
                {
                    LogLoopFailed(logger, work.Method.Name, exception);
                }
            }
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // Stopped: whatever the work was doing when it was cancelled no longer matters.
        }
    }

    private void StartLoop(Task loop)
    {
        lock (_loops)
        {
            _loops.Add(loop);
        }
    }

    private async Task StopLoopsAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] loops;
        lock (_loops)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    /// <summary>A crash, or the end after leaving: stops every loop and writes nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopLoopsAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _decisions.Dispose();
    }
}
