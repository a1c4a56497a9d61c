using System.Net;
using Microsoft.Extensions.Logging;

namespace FlowOrleans.Runtime.Client;

/// <summary>Log messages of the client's gateway connection.</summary>
internal sealed partial class GatewayConnector
{
    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Connected to gateway {Endpoint} (silo {Silo})")]
    private static partial void LogConnected(ILogger logger, IPEndPoint endpoint, SiloAddress silo);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Lost the connection to gateway {Endpoint}; the next call connects to another gateway")]
    private static partial void LogGatewayLost(ILogger logger, IPEndPoint endpoint);
}
