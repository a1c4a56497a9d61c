using Microsoft.Extensions.Logging;

namespace FlowOrleans.Runtime.Membership;

/// <summary>Log messages of the membership service.</summary>
internal sealed partial class MembershipService
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Silo {Silo} joining the cluster")]
    private static partial void LogJoining(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Silo {Silo} is active; {ActiveCount} active silos")]
    private static partial void LogActive(ILogger logger, SiloAddress silo, int activeCount);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Silo {Silo} is shutting down")]
    private static partial void LogLeaving(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Silo {Silo} left the cluster (Dead)")]
    private static partial void LogLeft(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Probe of {Silo} missed ({Missed} in a row): {Reason}")]
    private static partial void LogProbeMissed(ILogger logger, SiloAddress silo, int missed, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Membership: {Kind} {Silo} ({Reason})")]
    private static partial void LogAction(ILogger logger, MembershipActionKind kind, SiloAddress silo, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Critical, Message = "Silo {Silo} was declared dead by the cluster; it stops hosting and stops its host")]
    private static partial void LogDeclaredDead(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Membership {Work} failed")]
    private static partial void LogLoopFailed(ILogger logger, string work, Exception exception);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Membership: deleted {Count} rows of long-dead silos")]
    private static partial void LogCleanedUp(ILogger logger, int count);
}
