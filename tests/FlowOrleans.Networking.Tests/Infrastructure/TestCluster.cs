using System.Net;
using System.Net.Sockets;
using FlowOrleans.Runtime.Membership;
using FlowOrleans.Runtime.Networking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowOrleans.Networking.Tests;

/// <summary>N silos in this process, each its own host and container, on real TCP over free loopback ports.</summary>
public sealed class TestCluster : IAsyncDisposable
{
    private TestCluster(ClusterLayout layout, IReadOnlyList<TestSilo> silos)
    {
        Layout = layout;
        Silos = silos;
    }

    public ClusterLayout Layout { get; }

    public IReadOnlyList<TestSilo> Silos { get; }

    public static async Task<TestCluster> StartAsync(int count, Action<SiloOptions>? configure = null, Action<TcpTransportOptions>? transport = null)
    {
        // The free ports are picked before the silos listen on them; another process of the test run may take one
        // meanwhile. Then the whole cluster starts again on new ports.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(count, configure, transport);
            }
            catch (InvalidOperationException ex) when (attempt < 5 && ex.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
            }
        }
    }

    private static async Task<TestCluster> StartOnceAsync(int count, Action<SiloOptions>? configure, Action<TcpTransportOptions>? transport)
    {
        var layout = new ClusterLayout();
        var silos = new List<TestSilo>();
        for (var i = 0; i < count; i++)
        {
            silos.Add(TestSilo.Create($"silo-{i}", layout, configure, transport));
        }

        foreach (var silo in silos)
        {
            layout.Add(silo.Address);
        }

        var cluster = new TestCluster(layout, silos);
        try
        {
            await Task.WhenAll(silos.Select(s => s.Host.StartAsync()));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
    }
}

/// <summary>One silo of a <see cref="TestCluster"/>, with a gateway.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private TestSilo(IHost host) => Host = host;

    public IHost Host { get; }

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public SiloAddress Address => Host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public IPEndPoint GatewayEndpoint => Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TcpTransportOptions>>().Value.GatewayEndpoint!;

    internal TcpMessageTransport Transport => Host.Services.GetRequiredService<TcpMessageTransport>();

    public static TestSilo Create(string name, ClusterLayout layout, Action<SiloOptions>? configure, Action<TcpTransportOptions>? transport = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(layout);
        builder.Services.AddSingleton<IPlacementDirector, LayoutPlacementDirector>();
        builder.Services.AddSingleton<IClusterMembershipView, LayoutMembershipView>();
        builder.UseFlowSilo(silo => silo
            .Configure(o =>
            {
                o.SiloName = name;
                o.ShutdownTimeout = TimeSpan.FromSeconds(5);
                configure?.Invoke(o);
            })
            .AddMemoryGrainStorage()
            .UseTcpTransport(o =>
            {
                o.SiloEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort());
                o.GatewayEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort());
                transport?.Invoke(o);
            }));
        var host = builder.Build();
        return new TestSilo(host);
    }

    /// <summary>Drops the silo off the network at once, as a crash would (listeners and every connection).</summary>
    public Task KillNetworkAsync() => Transport.KillAsync();

    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Host.StopAsync(stop.Token);
        Host.Dispose();
    }
}
