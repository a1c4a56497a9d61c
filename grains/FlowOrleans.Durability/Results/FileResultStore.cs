using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>
/// The embedded result store: <c>&lt;data&gt;/results/results.log</c> (one <see cref="WindowResult"/> per line, the
/// seeds' file), <c>retractions.log</c> (one <see cref="WindowRetraction"/> per line: session results withdrawn by a
/// merge within allowed lateness) and <c>late.log</c>, append-only NDJSON; the index is rebuilt by reading both on open, tolerating a
/// torn last line. Files are compacted on <see cref="ResultStore.FlushAsync"/> once superseded or evicted lines dominate.
/// </summary>
public sealed class FileResultStore : ResultStore
{
    private FileResultStore(ResultStoreLimits? limits)
        : base(NullResultJournal.Instance, limits)
    {
    }

    /// <param name="dataDirectory">The node's data directory.</param>
    /// <param name="compactionMinLines">A file is never rewritten while it has at most this many lines.</param>
    /// <param name="limits">How many results and late records are kept; <see cref="ResultStoreLimits.Default"/> if null.</param>
    public static FileResultStore Open(string dataDirectory, int compactionMinLines = 10_000, ResultStoreLimits? limits = null)
    {
        var directory = Path.Combine(dataDirectory, "results");
        var store = new FileResultStore(limits);
        var results = NdjsonFile<WindowResult>.Open(Path.Combine(directory, "results.log"), StreamJsonContext.Default.WindowResult, store.Restore);
        var retractions = NdjsonFile<WindowRetraction>.Open(Path.Combine(directory, "retractions.log"), StreamJsonContext.Default.WindowRetraction, store.Restore);
        var late = NdjsonFile<LateEventRecord>.Open(Path.Combine(directory, "late.log"), StreamJsonContext.Default.LateEventRecord, store.Restore);
        store.Attach(new NdjsonResultJournal(results, retractions, late, compactionMinLines));
        return store;
    }
}
