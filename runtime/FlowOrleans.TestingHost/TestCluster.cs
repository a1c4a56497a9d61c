using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowOrleans.TestingHost;

/// <summary>
/// An in-process multi-silo cluster for tests: each silo is its own host with its own services, on real TCP
/// (silo-to-silo and a gateway) over free loopback ports; all share one membership table (and, by default, one memory grain store).
/// <see cref="StopSiloAsync"/> leaves gracefully, <see cref="KillSiloAsync"/> crashes a silo (its timers
/// and connections stop, nothing is deactivated or written), and <see cref="WaitForLivenessToStabilizeAsync"/>
/// waits until every running silo sees exactly the running silos as active.
/// </summary>
public sealed class TestCluster(TestClusterOptions? options = null) : IAsyncDisposable
{
    private readonly TestClusterOptions _options = options ?? new TestClusterOptions();
    private readonly List<SiloHandle> _silos = [];
    private readonly Lock _lock = new();
    private IMembershipTable? _table;
    private IHost? _client;
    private int _nextIndex;

    /// <summary>The membership table the silos share.</summary>
    public IMembershipTable MembershipTable => _table ??= _options.MembershipTable?.Invoke() ?? new InMemoryMembershipTable();

    /// <summary>The memory grain store the silos share (when <see cref="TestClusterOptions.UseSharedMemoryStorage"/>).</summary>
    public MemoryGrainStore GrainStore { get; } = new();

    /// <summary>Every silo started so far, stopped ones included, in start order.</summary>
    public IReadOnlyList<SiloHandle> Silos
    {
        get
        {
            lock (_lock)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>
    /// An external client connected through the silos' gateways (found in the membership table, so it follows
    /// membership). Started by <see cref="StartAsync"/> when the silos use the TCP transport.
    /// </summary>
    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>()
        ?? throw new InvalidOperationException("The cluster has no client: start it with StartAsync and the TCP transport.");

    /// <summary>The silos still running.</summary>
    public IReadOnlyList<SiloHandle> RunningSilos => [.. Silos.Where(s => s.IsRunning)];

    /// <summary>Starts <paramref name="silos"/> silos, one after the other, and waits until they all see each other.</summary>
    public async Task StartAsync(int silos = 2, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        for (var i = 0; i < silos; i++)
        {
            await StartAdditionalSiloAsync(cancellationToken).ConfigureAwait(false);
        }

        await WaitForLivenessToStabilizeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (_options.UseTcpTransport && _client is null)
        {
            var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "client" });
            builder.Services.AddSingleton(MembershipTable);
            builder.Services.AddFlowClusterClient(_options.ConfigureClient);
            _client = builder.Build();
            await _client.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts one more silo on fresh ports and returns once it is active.</summary>
    public Task<SiloHandle> StartAdditionalSiloAsync(CancellationToken cancellationToken = default) =>
        StartSiloAsync(FreeTcpPort.NextLoopbackEndpoint(), cancellationToken);

    /// <summary>
    /// Starts a silo on <paramref name="endpoint"/>, e.g. the endpoint of a killed silo: a restart, which joins
    /// as a new generation.
    /// </summary>
    public async Task<SiloHandle> StartSiloAsync(System.Net.IPEndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var index = Interlocked.Increment(ref _nextIndex) - 1;
        var name = $"silo-{index}";
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = name });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.UseFlowSilo(silo =>
        {
            silo.Configure(o =>
            {
                o.SiloName = name;
                o.Endpoint = endpoint;
            });
            if (_options.UseTcpTransport)
            {
                silo.UseTcpTransport(o =>
                {
                    o.SiloEndpoint = endpoint;
                    o.GatewayEndpoint = FreeTcpPort.NextLoopbackEndpoint();
                });
            }

            silo.Services.AddSingleton(MembershipTable);
            silo.UseClustering(_options.ConfigureMembership);
            if (_options.UseSharedMemoryStorage)
            {
                silo.AddGrainStorage(GrainStorageNames.Default, sp => new MemoryGrainStorage(sp.GetRequiredService<GrainStorageSerializer>(), GrainStore));
            }

            _options.ConfigureSilo?.Invoke(silo, index);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var handle = new SiloHandle(index, name, host);
        lock (_lock)
        {
            _silos.Add(handle);
        }

        // A silo the cluster declares dead stops its host, as a silo process would exit.
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() =>
        {
            if (handle.MarkStopped())
            {
                _ = Task.Run(() => StopHostAsync(host));
            }
        });
        return handle;
    }

    /// <summary>Stops <paramref name="silo"/> gracefully: ShuttingDown, its grains deactivate (and checkpoint), then Dead.</summary>
    public async Task StopSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (silo.MarkStopped())
        {
            await StopHostAsync(silo.Host).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Crashes <paramref name="silo"/>: its membership timers and connections stop at once, its activations
    /// are dropped without deactivating, and it writes nothing more, so the others must detect it.
    /// </summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!silo.MarkStopped())
        {
            return;
        }

        await silo.Services.GetRequiredService<Silo>().CrashAsync().ConfigureAwait(false);
        await DisposeHostAsync(silo.Host).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until every running silo's view lists exactly the running silos as active (killed ones are
    /// declared dead by then). Fails after <paramref name="timeout"/> (default: twice the time failure
    /// detection needs with the configured options, at least 10 s).
    /// </summary>
    public async Task WaitForLivenessToStabilizeAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultStabilizationTimeout());
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!IsStable())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Membership did not stabilize: {Describe()}");
            }

            await poll.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when every running silo sees exactly the running silos as active.</summary>
    public bool IsStable()
    {
        var running = RunningSilos;
        var expected = running.Select(s => s.SiloAddress).ToHashSet();
        return running.All(s => s.Status == SiloStatus.Active && s.Membership.Current.Active.Select(m => m.SiloAddress).ToHashSet().SetEquals(expected));
    }

    /// <summary>Stops every running silo gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await StopHostAsync(_client).ConfigureAwait(false);
            await DisposeHostAsync(_client).ConfigureAwait(false);
        }

        foreach (var silo in RunningSilos.Reverse())
        {
            await StopSiloAsync(silo).ConfigureAwait(false);
        }

        foreach (var silo in Silos)
        {
            await DisposeHostAsync(silo.Host).ConfigureAwait(false);
        }
    }

    private TimeSpan DefaultStabilizationTimeout()
    {
        var membership = new ClusterMembershipOptions();
        _options.ConfigureMembership?.Invoke(membership);
        var detection = (membership.ProbeInterval * (membership.NumMissedProbesLimit + 1)) + membership.ProbeTimeout
            + (membership.TableRefreshTimeout * 2);
        return TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(10).Ticks, detection.Ticks * 2));
    }

    private string Describe() => string.Join("; ", RunningSilos.Select(s =>
        $"{s.Name} ({s.Status}) sees active [{string.Join(", ", s.Membership.Current.Active.Select(m => m.Name))}]"));

    private static async Task StopHostAsync(IHost host)
    {
        try
        {
            await host.StopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout passed; it is disposed next anyway.
        }
        catch (ObjectDisposedException)
        {
            // Already disposed by a kill.
        }
    }

    private static async Task DisposeHostAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }
}
