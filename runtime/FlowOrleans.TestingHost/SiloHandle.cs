using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowOrleans.TestingHost;

/// <summary>One silo of a <see cref="TestCluster"/>: its own host and services.</summary>
public sealed class SiloHandle
{
    private int _stopped;

    internal SiloHandle(int index, string name, IHost host)
    {
        Index = index;
        Name = name;
        Host = host;
        SiloAddress = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
    }

    /// <summary>The silo's index in start order (0, 1, ...).</summary>
    public int Index { get; }

    /// <summary>The silo's name (<c>silo-0</c>, ...).</summary>
    public string Name { get; }

    /// <summary>The silo's address (endpoint and generation).</summary>
    public SiloAddress SiloAddress { get; }

    /// <summary>The silo's host.</summary>
    public IHost Host { get; }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>Where the silo's gateway listens for external clients; null without the TCP transport.</summary>
    public System.Net.IPEndPoint? GatewayEndpoint => (Services.GetService<Runtime.Networking.ISiloMessageTransport>() as Runtime.Networking.TcpMessageTransport)?.GatewayEndpoint;

    /// <summary>The silo's co-hosted grain factory.</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The membership as this silo sees it.</summary>
    public IClusterMembershipView Membership => Services.GetRequiredService<IClusterMembershipView>();

    /// <summary>The silo's own status.</summary>
    public SiloStatus Status => Services.GetRequiredService<ILocalSiloDetails>().Status;

    /// <summary>True until the silo was stopped, killed, or stopped itself.</summary>
    public bool IsRunning => Volatile.Read(ref _stopped) == 0;

    /// <summary>Marks the silo stopped; false when it already was.</summary>
    internal bool MarkStopped() => Interlocked.Exchange(ref _stopped, 1) == 0;

    /// <inheritdoc />
    public override string ToString() => $"{Name} {SiloAddress}";
}
