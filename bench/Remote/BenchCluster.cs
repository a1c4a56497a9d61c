using System.Net;
using System.Net.Sockets;
using FlowOrleans.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowOrleans.Bench.Remote;

/// <summary>Two silos in this process on loopback TCP: every grain lives on the second (the owner).</summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly IHost _caller;
    private readonly IHost _owner;

    private BenchCluster(IHost caller, IHost owner)
    {
        _caller = caller;
        _owner = owner;
    }

    /// <summary>The silo that calls: its grain references go over TCP.</summary>
    public IGrainFactory Caller => _caller.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo that hosts the grains: its references are local (the baseline).</summary>
    public IGrainFactory Owner => _owner.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchCluster> StartAsync()
    {
        var placement = new OwnerPlacement();
        var owner = Build("owner", placement);
        var caller = Build("caller", placement);
        placement.Owner = owner.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        await owner.StartAsync();
        await caller.StartAsync();
        return new BenchCluster(caller, owner);
    }

    private static IHost Build(string name, OwnerPlacement placement)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IPlacementDirector>(placement);
        builder.UseFlowSilo(silo => silo
            .Configure(o => o.SiloName = name)
            .UseTcpTransport(o => o.SiloEndpoint = new IPEndPoint(IPAddress.Loopback, FreePort())));
        return builder.Build();
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _caller.StopAsync();
        await _owner.StopAsync();
        _caller.Dispose();
        _owner.Dispose();
    }

    private sealed class OwnerPlacement : IPlacementDirector
    {
        public SiloAddress Owner { get; set; }

        public SiloAddress PlaceGrain(GrainId grainId) => Owner;
    }
}
