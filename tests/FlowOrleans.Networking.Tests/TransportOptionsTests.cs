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
        };

        var result = new TcpTransportOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var property in new[] { "SiloEndpoint", "GatewayEndpoint", "ConnectTimeout", "MaxFrameSize" })
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
}
