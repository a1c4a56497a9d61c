using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>
/// <c>results.log</c>, <c>retractions.log</c> and <c>late.log</c> in a directory. Every change appends a line; when a
/// file holds more than <c>compactionMinLines</c> lines and more than twice as many as the store keeps (superseded
/// revisions, retracted or evicted entries), it is rewritten with the kept entries only, in their order, so a reopen
/// rebuilds the same index. A retraction keeps results of a lower revision out of the index whichever file is read
/// first, so the two files need no common order.
/// </summary>
public sealed class NdjsonResultJournal(
    NdjsonFile<WindowResult> results, NdjsonFile<WindowRetraction> retractions, NdjsonFile<LateEventRecord> late, int compactionMinLines) : IResultJournal
{
    public int ResultLines => results.LineCount;

    public int RetractionLines => retractions.LineCount;

    public void AppendResult(WindowResult result) => results.Append(result);

    public void AppendRetraction(WindowRetraction retraction) => retractions.Append(retraction);

    public void AppendLate(LateEventRecord record) => late.Append(record);

    public void WriteThrough()
    {
        results.WriteThrough();
        retractions.WriteThrough();
        late.WriteThrough();
    }

    public void Flush()
    {
        results.Flush();
        retractions.Flush();
        late.Flush();
    }

    public void MaybeCompact(ResultJournalContent kept)
    {
        if (results.LineCount > compactionMinLines && results.LineCount > 2L * kept.ResultCount)
        {
            results.Rewrite(kept.Results);
        }

        if (retractions.LineCount > compactionMinLines && retractions.LineCount > 2L * kept.RetractionCount)
        {
            retractions.Rewrite(kept.Retractions);
        }

        if (late.LineCount > compactionMinLines && late.LineCount > 2 * kept.LateCount)
        {
            late.Rewrite(kept.Late);
        }
    }

    public void Dispose()
    {
        results.Dispose();
        retractions.Dispose();
        late.Dispose();
    }
}
