using Microsoft.Extensions.Logging;

namespace FlowOrleans.Runtime;

/// <summary>Log messages of activations.</summary>
internal static partial class ActivationLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Activated {GrainId}")]
    public static partial void Activated(ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Activation of {GrainId} failed")]
    public static partial void ActivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Deactivated {GrainId} ({Reason})")]
    public static partial void Deactivated(ILogger logger, GrainId grainId, DeactivationReasonCode reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "OnDeactivateAsync of {GrainId} failed")]
    public static partial void DeactivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "A turn of {GrainId} failed")]
    public static partial void TurnFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "A timer callback of {GrainId} failed")]
    public static partial void TimerFailed(ILogger logger, GrainId grainId, Exception exception);
}
