using Microsoft.Extensions.Logging;

namespace FlowOrleans.Runtime;

/// <summary>Log messages of the silo life cycle.</summary>
internal sealed partial class Silo
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo {SiloName} started at {SiloAddress} with {GrainClassCount} grain classes")]
    private static partial void LogStarted(ILogger logger, string siloName, SiloAddress siloAddress, int grainClassCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Silo stopping: deactivating {ActivationCount} activations")]
    private static partial void LogStopping(ILogger logger, int activationCount);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Silo stop timed out with {ActivationCount} activations left")]
    private static partial void LogShutdownTimedOut(ILogger logger, int activationCount);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Idle collection deactivating {Count} activations")]
    private static partial void LogCollected(ILogger logger, int count);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Silo stopping after the cluster declared it dead: abandoning {ActivationCount} activations without deactivating them")]
    private static partial void LogAbandoned(ILogger logger, int activationCount);
}
