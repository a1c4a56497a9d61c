using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>Keeps nothing: the journal of <see cref="InMemoryResultStore"/>.</summary>
public sealed class NullResultJournal : IResultJournal
{
    public static NullResultJournal Instance { get; } = new();

    public void AppendResult(WindowResult result)
    {
    }

    public void AppendLate(LateEventRecord record)
    {
    }

    public void Flush()
    {
    }

    public void WriteThrough()
    {
    }

    public void MaybeCompact(int resultCount, IEnumerable<WindowResult> results, long lateCount, IEnumerable<LateEventRecord> late)
    {
    }

    public void Dispose()
    {
    }
}
