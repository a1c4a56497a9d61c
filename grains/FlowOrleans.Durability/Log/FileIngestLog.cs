using FlowOrleans.Durability.Codecs;
using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Log;

/// <summary>
/// The embedded ingest log: per partition, segment files <c>&lt;data&gt;/log/p&lt;N&gt;/&lt;firstOffset&gt;.seg</c> of
/// CRC-guarded frames; idempotency records in <c>&lt;data&gt;/log/idempotency/</c>; committed offsets in
/// <c>&lt;data&gt;/log/committed.txt</c>; the <see cref="CommitJournal"/> in <c>&lt;data&gt;/log/commits.journal</c>.
/// Concurrent appends share one group commit (<see cref="GroupCommitWriter"/>), whose only fsync is the journal's.
/// Each partition keeps its recently committed events in memory too (<see cref="IngestTail"/>): a reader close behind
/// the writer gets the very objects that were appended, and only older reads go to the files.
/// </summary>
public sealed partial class FileIngestLog : IIngestLog
{
    private readonly FileIngestLogOptions _options;
    private readonly SegmentedStream[] _partitions;
    private readonly SegmentedStream _journal;
    private readonly CommitJournal _commits;
    private readonly DataSignal[] _signals;
    private readonly IngestTail[]? _tails;
    private readonly long[] _committed;
    private readonly long[] _readOffsets;
    private readonly string _committedPath;
    private readonly SemaphoreSlim _commitLock = new(1, 1);
    private readonly GroupCommitWriter _writer;
    private readonly FileStream _directoryLock;
    private long _lastJournalCleanup;
    private long _framesReadFromFiles;

    private FileIngestLog(FileIngestLogOptions options, FileStream directoryLock, SegmentedStream[] partitions, SegmentedStream journal, CommitJournal commits, ulong lastGroup, List<IdempotencyRecord> recovered)
    {
        _options = options;
        _directoryLock = directoryLock;
        _partitions = partitions;
        _journal = journal;
        _commits = commits;
        _signals = partitions.Select(_ => new DataSignal()).ToArray();
        _committedPath = Path.Combine(options.DataDirectory, "log", "committed.txt");
        _committed = CommittedOffsetsFile.Load(_committedPath, partitions.Length);
        for (var i = 0; i < _committed.Length; i++)
        {
            _committed[i] = Math.Min(_committed[i], partitions[i].EndOffset);
        }

        _readOffsets = (long[])_committed.Clone();
        RecoveredIdempotencyRecords = recovered;
        _tails = options.TailEventsPerPartition > 0 ? partitions.Select(_ => new IngestTail(options.TailEventsPerPartition)).ToArray() : null;
        _writer = new GroupCommitWriter(partitions, _signals, journal, commits, options.CommitJournalBytes, lastGroup, options.MaxEventsPerCommit, CleanJournal, Stopped, _tails);
    }

    public int PartitionCount => _partitions.Length;

    public long PendingEventCount => _writer.PendingEventCount;

    public Exception? Failure => _writer.Failure;

    public IReadOnlyList<IdempotencyRecord> RecoveredIdempotencyRecords { get; }

    /// <summary>Group commits done since open; appends / commits is the average sharing of one fsync.</summary>
    public long CommitCount => _writer.CommitCount;

    /// <summary>fsyncs of the log's stream and commit journal files since open (directory fsyncs aside).</summary>
    public long FsyncCount => _partitions.Sum(p => p.FsyncCount) + _journal.FsyncCount + _commits.FsyncCount;

    /// <summary>Frames read back from the segment files by <see cref="ReadAsync"/> since open (reads served by the tail read none).</summary>
    public long FramesReadFromFiles => Interlocked.Read(ref _framesReadFromFiles);

    /// <summary>The commit journal, for tests that inject a failing fsync.</summary>
    internal CommitJournal CommitJournal => _commits;

    /// <summary>
    /// Opens the log, recovering from a crash: torn tails are truncated, frames of durable commits the streams lost are
    /// restored from the commit journal, and frames of a commit that never completed are dropped (<see cref="GroupCommitRecovery"/>).
    /// Holds <c>log/LOCK</c> exclusively while open, so a second process on the same directory fails with an <see cref="IOException"/>.
    /// </summary>
    public static FileIngestLog Open(FileIngestLogOptions options)
    {
        options.Validate();
        var root = Path.Combine(options.DataDirectory, "log");
        DirectorySync.CreateDirectory(root);

        // Whatever fails (a damaged file recovery refuses, a disk error), everything opened so far is closed again, so
        // the files and the lock are released at once and not when the GC finalizes them.
        var opened = new Stack<IDisposable>();
        try
        {
            var directoryLock = Push(opened, new FileStream(Path.Combine(root, "LOCK"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            var partitions = new SegmentedStream[options.PartitionCount];
            for (var p = 0; p < partitions.Length; p++)
            {
                partitions[p] = Push(opened, SegmentedStream.Open(Path.Combine(root, $"p{p}"), options.SegmentBytes));
            }

            var journal = Push(opened, SegmentedStream.Open(Path.Combine(root, "idempotency"), Math.Min(options.SegmentBytes, 4L * 1024 * 1024)));
            var commits = Push(opened, CommitJournal.Open(Path.Combine(root, "commits.journal")));

            // The directories' entries (p0…, idempotency, commits.journal, log itself) are durable from here on, even
            // those a crashed run created and had not fsynced yet: recovery may restart the journal on their word.
            DirectorySync.Flush(root);
            DirectorySync.Flush(options.DataDirectory);
            var lastGroup = GroupCommitRecovery.Recover([.. partitions, journal], commits);
            commits.Restart(lastGroup);
            var recovered = ReadIdempotencyRecords(journal, options);
            return new FileIngestLog(options, directoryLock, partitions, journal, commits, lastGroup, recovered);
        }
        catch
        {
            while (opened.TryPop(out var resource))
            {
                resource.Dispose();
            }

            throw;
        }
    }

    private static T Push<T>(Stack<IDisposable> opened, T resource)
        where T : IDisposable
    {
        opened.Push(resource);
        return resource;
    }

    private static List<IdempotencyRecord> ReadIdempotencyRecords(SegmentedStream journal, FileIngestLogOptions options)
    {
        var cutoff = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() - (long)options.IdempotencyRetention.TotalMilliseconds;
        var recovered = new List<IdempotencyRecord>();
        journal.Read(0, (segment, _, payload) =>
        {
            var reader = new BinaryFieldReader(payload);
            while (!reader.End)
            {
                var record = IdempotencyRecordCodec.Read(ref reader);
                segment.MaxTimestamp = Math.Max(segment.MaxTimestamp, record.CreatedAt);
                if (record.CreatedAt >= cutoff)
                {
                    recovered.Add(record);
                }
            }

            return true;
        });
        return recovered;
    }

    public ValueTask<IReadOnlyList<long>> AppendAsync(
        IReadOnlyList<(int Partition, StreamEvent Event)> events,
        IdempotencyRecord? idempotency = null,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (partition, e) in events)
        {
            CheckPartition(partition);
            ArgumentNullException.ThrowIfNull(e);
        }

        if (events.Count == 0 && idempotency is null)
        {
            return ValueTask.FromResult<IReadOnlyList<long>>([]);
        }

        var receivedAt = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return new ValueTask<IReadOnlyList<long>>(_writer.Enqueue(new PendingAppend(events, idempotency, receivedAt)));
    }

    public ValueTask<IReadOnlyList<LoggedEvent>> ReadAsync(int partition, long fromOffset, int maxCount, CancellationToken cancellationToken = default)
    {
        CheckPartition(partition);
        AdvanceReadOffset(ref _readOffsets[partition], fromOffset);
        var end = GetEndOffset(partition);
        if (maxCount <= 0 || fromOffset >= end)
        {
            return ValueTask.FromResult<IReadOnlyList<LoggedEvent>>([]);
        }

        if (_tails?[partition] is { } tail)
        {
            // A partition has one reader, reading in order: what lies below its position it has had, and keeping those
            // events alive until the next checkpoint would only get them promoted by the GC. A rewind reads the files.
            tail.DropBelow(fromOffset);

            // An offset before the oldest retained one reads from that one, as from the files.
            if (tail.TryRead(Math.Max(fromOffset, GetStartOffset(partition)), maxCount) is { } recent)
            {
                return ValueTask.FromResult(recent);
            }
        }

        // Sized by what is there, not by maxCount: a wake-up for one event must not allocate a 4096-slot (128 KiB, LOH) list.
        var available = Math.Clamp(end - Math.Max(fromOffset, 0), 0, Math.Min(maxCount, 4096));
        var result = new List<LoggedEvent>((int)available);
        _partitions[partition].Read(fromOffset, (_, frame, payload) =>
        {
            Interlocked.Increment(ref _framesReadFromFiles);
            var reader = new BinaryFieldReader(payload);
            for (var offset = frame.FirstOffset; offset < frame.EndOffset && result.Count < maxCount; offset++)
            {
                if (offset < fromOffset)
                {
                    LoggedEventCodec.Skip(ref reader);
                }
                else
                {
                    result.Add(LoggedEventCodec.Read(ref reader, partition, offset));
                }
            }

            return result.Count < maxCount;
        });
        return ValueTask.FromResult<IReadOnlyList<LoggedEvent>>(result);
    }

    public long GetEndOffset(int partition)
    {
        CheckPartition(partition);
        return _partitions[partition].EndOffset;
    }

    public long GetStartOffset(int partition)
    {
        CheckPartition(partition);
        return _partitions[partition].StartOffset;
    }

    /// <summary>Events the partition keeps in memory for readers close behind the writer.</summary>
    public long GetTailEventCount(int partition)
    {
        CheckPartition(partition);
        return _tails?[partition].Count ?? 0;
    }

    /// <summary>Segment files currently kept for the partition.</summary>
    public int GetSegmentCount(int partition)
    {
        CheckPartition(partition);
        return _partitions[partition].SegmentCount;
    }

    public ValueTask WaitForDataAsync(int partition, long offset, CancellationToken cancellationToken = default)
    {
        CheckPartition(partition);
        var stream = _partitions[partition];
        return stream.EndOffset > offset
            ? ValueTask.CompletedTask
            : _signals[partition].WaitUntilAsync(() => stream.EndOffset > offset, cancellationToken);
    }

    public async ValueTask CommitAsync(int partition, long offset, CancellationToken cancellationToken = default)
    {
        CheckPartition(partition);
        var stream = _partitions[partition];
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, stream.EndOffset);
        await _commitLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (offset <= _committed[partition])
            {
                return;
            }

            // The file first, then memory: a commit readers see (and that lets segments go) must be durable. A failed
            // save leaves both at the old offset, so the same commit can simply be tried again.
            var committed = (long[])_committed.Clone();
            committed[partition] = offset;
            CommittedOffsetsFile.Save(_committedPath, committed);
            Volatile.Write(ref _committed[partition], offset);
        }
        finally
        {
            _commitLock.Release();
        }

        // Checkpointed events are read again only after a restart (from the files): free their memory first.
        _tails?[partition].DropBelow(offset);
        stream.DeleteOldSegments(segment => segment.EndOffset <= offset);
    }

    public long GetCommittedOffset(int partition)
    {
        CheckPartition(partition);
        return Volatile.Read(ref _committed[partition]);
    }

    public long GetReadOffset(int partition)
    {
        CheckPartition(partition);
        return Math.Max(GetCommittedOffset(partition), Math.Min(Volatile.Read(ref _readOffsets[partition]), GetEndOffset(partition)));
    }

    /// <summary>Moves a reader's position forward only (a rewind to replay reads again what it had).</summary>
    internal static void AdvanceReadOffset(ref long position, long fromOffset)
    {
        long seen;
        while (fromOffset > (seen = Volatile.Read(ref position)) && Interlocked.CompareExchange(ref position, fromOffset, seen) != seen)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        foreach (var stream in _partitions)
        {
            stream.Dispose();
        }

        _journal.Dispose();
        _commits.Dispose();
        _commitLock.Dispose();
        await _directoryLock.DisposeAsync().ConfigureAwait(false);
    }

    private void CleanJournal()
    {
        var now = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - _lastJournalCleanup < 60_000)
        {
            return;
        }

        _lastJournalCleanup = now;
        var cutoff = now - (long)_options.IdempotencyRetention.TotalMilliseconds;
        _journal.DeleteOldSegments(segment => segment.MaxTimestamp < cutoff);
    }

    /// <summary>The writer stopped for good (fail-stop): say why, and what to do, once.</summary>
    private void Stopped(Exception cause) =>
        LogStopped(_options.Logger, Path.Combine(_options.DataDirectory, "log"), cause.Message, cause);

    private void CheckPartition(int partition)
    {
        if ((uint)partition >= (uint)_partitions.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(partition), partition, $"The log has {_partitions.Length} partitions.");
        }
    }
}
