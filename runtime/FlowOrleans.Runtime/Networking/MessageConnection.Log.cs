using Microsoft.Extensions.Logging;

namespace FlowOrleans.Runtime.Networking;

/// <summary>Log messages of a connection.</summary>
internal sealed partial class MessageConnection
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Connection to {Peer} closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, SiloAddress peer, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Protocol error on the connection to {Peer}: {Error}")]
    private static partial void LogProtocolError(ILogger logger, SiloAddress peer, string error);
}
