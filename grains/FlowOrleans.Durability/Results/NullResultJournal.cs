using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>Keeps nothing: the journal of <see cref="InMemoryResultStore"/>.</summary>
public sealed class NullResultJournal : IResultJournal
{
    public static NullResultJournal Instance { get; } = new();

    public void AppendResult(WindowResult result)
    {
    }

    public void AppendRetraction(WindowRetraction retraction)
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

    public void MaybeCompact(ResultJournalContent kept)
    {
    }

    public void Dispose()
    {
    }
}
