namespace FlowOrleans.ClientApi.Generator;

public sealed partial class EventGenerator
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Event generator started: {Rate} events/s over {Keys} keys, disorder up to {DisorderMs} ms, late fraction {LateFraction}")]
    private static partial void LogStarted(ILogger logger, int rate, int keys, long disorderMs, double lateFraction);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event generator stopped after {Sent} events")]
    private static partial void LogStopped(ILogger logger, long sent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event generator could not ingest a batch")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);
}
