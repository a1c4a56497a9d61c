using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>
/// <c>results.log</c> and <c>late.log</c> in a directory. Every change appends a line; when a file holds more than
/// <c>compactionMinLines</c> lines and more than twice as many as the store keeps (superseded revisions, evicted
/// entries), it is rewritten with the kept entries only, in their order, so a reopen rebuilds the same index.
/// </summary>
public sealed class NdjsonResultJournal(NdjsonFile<WindowResult> results, NdjsonFile<LateEventRecord> late, int compactionMinLines) : IResultJournal
{
    public int ResultLines => results.LineCount;

    public void AppendResult(WindowResult result) => results.Append(result);

    public void AppendLate(LateEventRecord record) => late.Append(record);

    public void WriteThrough()
    {
        results.WriteThrough();
        late.WriteThrough();
    }

    public void Flush()
    {
        results.Flush();
        late.Flush();
    }

    public void MaybeCompact(int resultCount, IEnumerable<WindowResult> live, long lateCount, IEnumerable<LateEventRecord> kept)
    {
        if (results.LineCount > compactionMinLines && results.LineCount > 2L * resultCount)
        {
            results.Rewrite(live);
        }

        if (late.LineCount > compactionMinLines && late.LineCount > 2 * lateCount)
        {
            late.Rewrite(kept);
        }
    }

    public void Dispose()
    {
        results.Dispose();
        late.Dispose();
    }
}
