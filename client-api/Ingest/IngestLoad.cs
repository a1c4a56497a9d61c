using FlowOrleans.Durability.Log;

namespace FlowOrleans.ClientApi.Ingest;

/// <summary>
/// The two loads that make ingest answer 429. The backlog is appended events the partitions have not read yet: the
/// processing lag. The uncommitted events include processed ones that wait for the windows' next checkpoint (up to a
/// <c>CheckpointInterval</c> of traffic, so they are no sign of overload by themselves); their limit bounds the log's
/// disk use and the replay after a crash when checkpoints stall.
/// </summary>
public static class IngestLoad
{
    /// <summary>Appended events the partitions' readers have not reached.</summary>
    public static long Backlog(IIngestLog log)
    {
        long backlog = 0;
        for (var p = 0; p < log.PartitionCount; p++)
        {
            backlog += log.GetEndOffset(p) - log.GetReadOffset(p);
        }

        return backlog;
    }

    /// <summary>Appended events not yet committed.</summary>
    public static long Uncommitted(IIngestLog log)
    {
        long uncommitted = 0;
        for (var p = 0; p < log.PartitionCount; p++)
        {
            uncommitted += log.GetEndOffset(p) - log.GetCommittedOffset(p);
        }

        return uncommitted;
    }

    /// <summary>The 429's detail when either load is over its limit, else null.</summary>
    public static string? OverloadOf(IIngestLog log, long maxBacklogEvents, long maxUncommittedEvents)
    {
        if (Backlog(log) is var backlog && backlog > maxBacklogEvents)
        {
            return $"{backlog} events wait to be processed (Flow:MaxBacklogEvents is {maxBacklogEvents}). Retry after the Retry-After delay.";
        }

        if (Uncommitted(log) is var uncommitted && uncommitted > maxUncommittedEvents)
        {
            return $"{uncommitted} events wait for a checkpoint (Flow:MaxUncommittedEvents is {maxUncommittedEvents}). Retry after the Retry-After delay.";
        }

        return null;
    }
}
