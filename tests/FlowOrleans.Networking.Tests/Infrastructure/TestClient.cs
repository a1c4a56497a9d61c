using System.Net;
using FlowOrleans.Runtime.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowOrleans.Networking.Tests;

/// <summary>An external client in its own host, as a front-end process would run it.</summary>
public sealed class TestClient : IAsyncDisposable
{
    private TestClient(IHost host) => Host = host;

    public IHost Host { get; }

    public IClusterClient Client => Host.Services.GetRequiredService<IClusterClient>();

    internal ClusterClient Connection => Host.Services.GetRequiredService<ClusterClient>();

    public static async Task<TestClient> StartAsync(Action<IServiceCollection> configure)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        configure(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestClient(host);
    }

    public static Task<TestClient> StartAsync(params IPEndPoint[] gateways) => StartAsync(services => services.AddFlowClusterClient(o =>
    {
        o.ConnectTimeout = TimeSpan.FromSeconds(2);
        foreach (var gateway in gateways)
        {
            o.Gateways.Add(gateway);
        }
    }));

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
