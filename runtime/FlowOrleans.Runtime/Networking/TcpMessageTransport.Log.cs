using System.Net;
using Microsoft.Extensions.Logging;

namespace FlowOrleans.Runtime.Networking;

/// <summary>Log messages of the TCP transport.</summary>
internal sealed partial class TcpMessageTransport
{
    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Silo {SiloAddress} listening for silos; gateway at {GatewayEndpoint}")]
    private static partial void LogListening(ILogger logger, SiloAddress siloAddress, IPEndPoint? gatewayEndpoint);

    [LoggerMessage(EventId = 111, Level = LogLevel.Debug, Message = "Connected to silo {SiloAddress}")]
    private static partial void LogConnected(ILogger logger, SiloAddress siloAddress);

    [LoggerMessage(EventId = 112, Level = LogLevel.Debug, Message = "An incoming connection failed: {Reason}")]
    private static partial void LogAcceptFailed(ILogger logger, string reason);
}
