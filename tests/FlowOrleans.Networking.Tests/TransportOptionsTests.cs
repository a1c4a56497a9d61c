using System.Net;

namespace FlowOrleans.Networking.Tests;

public class TransportOptionsTests
{
    [Fact]
    public void TheValidatorNamesEachBadProperty()
    {
        var options = new TcpTransportOptions
        {
            SiloEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            GatewayEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            ConnectTimeout = TimeSpan.Zero,
            MaxFrameSize = 10,
            MaxQueuedRequests = 0,
        };

        var result = new TcpTransportOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var property in new[] { "SiloEndpoint", "GatewayEndpoint", "ConnectTimeout", "MaxFrameSize", "MaxQueuedRequests" })
        {
            Assert.Contains($"TcpTransportOptions.{property}", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DefaultsWithAnEndpointAreValid()
    {
        var options = new TcpTransportOptions { SiloEndpoint = new IPEndPoint(IPAddress.Loopback, 11111) };

        Assert.True(new TcpTransportOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void UsingTheTransportTwiceConfiguresOneTransport()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddFlowSilo(silo => silo
            .UseTcpTransport(o => o.SiloEndpoint = new IPEndPoint(IPAddress.Loopback, 11111))
            .UseTcpTransport(o => o.GatewayEndpoint = new IPEndPoint(IPAddress.Loopback, 30000)));

        Assert.Single(services, d => d.ServiceType == typeof(TcpMessageTransport));
        Assert.Single(services, d => d.ServiceType == typeof(ISiloMessageTransport));
        var options = new TcpTransportOptions();
        foreach (var configure in services.Select(d => d.ImplementationInstance).OfType<Microsoft.Extensions.Options.IConfigureOptions<TcpTransportOptions>>())
        {
            configure.Configure(options);
        }

        Assert.Equal(11111, options.SiloEndpoint!.Port);
        Assert.Equal(30000, options.GatewayEndpoint!.Port);
    }

    [Fact]
    public async Task TheSiloAddressIsTheTransportEndpoint()
    {
        await using var cluster = await TestCluster.StartAsync(1);
        var silo = cluster.Silos[0];
        var transport = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Options.IOptions<TcpTransportOptions>>(silo.Host.Services).Value;

        Assert.Equal(transport.SiloEndpoint, silo.Address.Endpoint);
    }
}
