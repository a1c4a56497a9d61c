using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Results;

/// <summary>
/// The <see cref="IResultStore"/> logic shared by every storage: in-memory indexes under one lock, changes written to
/// an <see cref="IResultJournal"/>, and change events raised outside the lock.
/// </summary>
public abstract class ResultStore : IResultStore
{
    private readonly Lock _lock = new();
    private readonly ResultIndex _results = new();
    private readonly LateIndex _late = new();
    private readonly ResultStoreLimits _limits;
    private IResultJournal _journal;

    protected ResultStore(IResultJournal journal, ResultStoreLimits? limits = null)
    {
        _journal = journal;
        _limits = limits ?? ResultStoreLimits.Default;
    }

    public event Action<IReadOnlyList<WindowResult>>? ResultsChanged;

    public event Action<IReadOnlyList<WindowRetraction>>? ResultsRetracted;

    public event Action<IReadOnlyList<LateEventRecord>>? LateAppended;

    public long ResultCount
    {
        get
        {
            lock (_lock)
            {
                return _results.Count;
            }
        }
    }

    public long LateCount
    {
        get
        {
            lock (_lock)
            {
                return _late.Count;
            }
        }
    }

    public long LateCountFor(string pipeline)
    {
        lock (_lock)
        {
            return _late.CountFor(pipeline);
        }
    }

    public ValueTask<IReadOnlyList<WindowResult>> UpsertResultsAsync(IReadOnlyList<WindowResult> results, CancellationToken cancellationToken = default)
    {
        var changed = ChangeResults(results, static (index, r) => index.Upsert(r), static (journal, r) => journal.AppendResult(r));
        if (changed.Count > 0)
        {
            ResultsChanged?.Invoke(changed);
        }

        return ValueTask.FromResult<IReadOnlyList<WindowResult>>(changed);
    }

    public ValueTask<IReadOnlyList<WindowRetraction>> RetractResultsAsync(IReadOnlyList<WindowRetraction> retractions, CancellationToken cancellationToken = default)
    {
        var changed = ChangeResults(retractions, static (index, r) => index.Retract(r), static (journal, r) => journal.AppendRetraction(r));
        if (changed.Count > 0)
        {
            ResultsRetracted?.Invoke(changed);
        }

        return ValueTask.FromResult<IReadOnlyList<WindowRetraction>>(changed);
    }

    /// <summary>
    /// Applies upserts or retractions to the result index under the lock, journals the ones that changed it, and
    /// trims to the cap; the caller raises its event with the returned changes outside the lock.
    /// </summary>
    private List<T> ChangeResults<T>(IReadOnlyList<T> items, Func<ResultIndex, T, bool> apply, Action<IResultJournal, T> journalOne)
    {
        var changed = new List<T>();
        lock (_lock)
        {
            foreach (var item in items)
            {
                if (apply(_results, item))
                {
                    journalOne(_journal, item);
                    changed.Add(item);
                }
            }

            _results.TrimTo(_limits.MaxResults);
            if (changed.Count > 0)
            {
                _journal.WriteThrough();
            }
        }

        return changed;
    }

    public ValueTask<IReadOnlyList<LateEventRecord>> AppendLateAsync(IReadOnlyList<LateEventRecord> records, CancellationToken cancellationToken = default)
    {
        var added = new List<LateEventRecord>();
        lock (_lock)
        {
            foreach (var record in records)
            {
                if (_late.Add(record, _limits.MaxLatePerPipeline))
                {
                    _journal.AppendLate(record);
                    added.Add(record);
                }
            }

            if (added.Count > 0)
            {
                _journal.WriteThrough();
            }
        }

        if (added.Count > 0)
        {
            LateAppended?.Invoke(added);
        }

        return ValueTask.FromResult<IReadOnlyList<LateEventRecord>>(added);
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _journal.Flush();
            _journal.MaybeCompact(new ResultJournalContent(_results.Count, _results.InRecencyOrder, _results.RetractionCount, _results.Retractions, _late.Count, _late.All));
        }

        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<WindowResult> Recent(int limit)
    {
        lock (_lock)
        {
            return _results.Recent(limit);
        }
    }

    public IReadOnlyList<WindowResult> Query(string pipeline, KeyFilter key, long? from, long? to, int limit)
    {
        lock (_lock)
        {
            return _results.Query(pipeline, key, from, to, limit);
        }
    }

    public IReadOnlyList<LateEventRecord> Late(string pipeline, int limit)
    {
        lock (_lock)
        {
            return _late.Last(pipeline, limit);
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _journal.Dispose();
            _journal = NullResultJournal.Instance;
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Replays a stored result while opening (no journal write, no event).</summary>
    protected void Restore(WindowResult result)
    {
        _results.Upsert(result);
        _results.TrimTo(_limits.MaxResults);
    }

    /// <summary>Replays a stored retraction while opening (no journal write, no event).</summary>
    protected void Restore(WindowRetraction retraction)
    {
        _results.Retract(retraction);
        _results.TrimTo(_limits.MaxResults);
    }

    /// <summary>Replays a stored late record while opening (no journal write, no event).</summary>
    protected void Restore(LateEventRecord record) => _late.Add(record, _limits.MaxLatePerPipeline);

    protected void Attach(IResultJournal journal) => _journal = journal;
}
