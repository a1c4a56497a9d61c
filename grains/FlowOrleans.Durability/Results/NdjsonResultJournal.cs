using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>
/// <c>results.log</c> and <c>late.log</c> in a directory. Every change appends a line; when superseded lines outnumber
/// the live results (and the file holds more than <c>compactionMinLines</c>), results.log is rewritten with the live
/// results only, in recency order, so a reopen rebuilds the same index.
/// </summary>
public sealed class NdjsonResultJournal(NdjsonFile<WindowResult> results, NdjsonFile<LateEventRecord> late, int compactionMinLines) : IResultJournal
{
    public int ResultLines => results.LineCount;

    public void AppendResult(WindowResult result) => results.Append(result);

    public void AppendLate(LateEventRecord record) => late.Append(record);

    public void Flush()
    {
        results.Flush();
        late.Flush();
    }

    public void MaybeCompact(int liveCount, IEnumerable<WindowResult> live)
    {
        if (results.LineCount > compactionMinLines && results.LineCount > 2 * liveCount)
        {
            results.Rewrite(live);
        }
    }

    public void Dispose()
    {
        results.Dispose();
        late.Dispose();
    }
}
