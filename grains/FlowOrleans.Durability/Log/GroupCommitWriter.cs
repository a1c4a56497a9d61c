using System.Threading.Channels;
using FlowOrleans.Durability.Codecs;
using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Log;

/// <summary>
/// The log's single writer. It drains every queued append into one group commit: one frame per touched partition
/// (plus one in the idempotency journal), all written, then copied into one <see cref="CommitJournal"/> record, then
/// that one file fsynced (the commit's only fsync), then published and acknowledged together. The streams are fsynced
/// lazily, before the commit journal is restarted once it outgrew its limit (and on dispose), so the journal always
/// holds every frame not yet known to be synced. Each frame carries the commit's number and frame count, which
/// <see cref="GroupCommitRecovery"/> uses to restore lost frames and cut those of commits that never completed.
/// <para>
/// A failed fsync stops the writer for good (fail-stop): the kernel may have dropped the pages it could not write and
/// marked them clean, so a retried fsync could succeed without the data on disk. The commit that met it and every later
/// append fail with <see cref="IngestLogFailedException"/> until the log is reopened, which recovers from the disk.
/// A failed write before the fsync (a full disk) fails only its commit, once its bytes are cut off again.
/// </para>
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SegmentedStream[] _streams;
    private readonly DataSignal[] _signals;
    private readonly SegmentedStream _journal;
    private readonly CommitJournal _commits;
    private readonly long _commitJournalBytes;
    private readonly int _maxEventsPerCommit;
    private readonly Action _afterCommit;
    private readonly Action<Exception> _stopped;
    private readonly IngestTail[]? _tails;
    private readonly StreamBuffer[] _buffers;
    private readonly StreamBuffer _journalBuffer;
    private readonly List<PendingAppend> _batch = [];
    private readonly List<StreamBuffer> _touched = [];
    private readonly List<SegmentedStream.PendingFrame> _written = [];
    private readonly List<(int Stream, ReadOnlyMemory<byte> Frame)> _journaled = [];
    private readonly Task _loop;
    private ulong _group;
    private long _pendingEvents;
    private int _batchEvents;
    private Exception? _fault;

    public GroupCommitWriter(
        SegmentedStream[] streams,
        DataSignal[] signals,
        SegmentedStream journal,
        CommitJournal commits,
        long commitJournalBytes,
        ulong lastGroup,
        int maxEventsPerCommit,
        Action afterCommit,
        Action<Exception> stopped,
        IngestTail[]? tails = null)
    {
        _tails = tails;
        _streams = streams;
        _signals = signals;
        _journal = journal;
        _commits = commits;
        _commitJournalBytes = commitJournalBytes;
        _group = lastGroup;
        _maxEventsPerCommit = maxEventsPerCommit;
        _afterCommit = afterCommit;
        _stopped = stopped;
        _buffers = streams.Select((s, i) => new StreamBuffer(s, i)).ToArray();
        _journalBuffer = new StreamBuffer(journal, streams.Length);
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Events enqueued and not yet durable (or failed).</summary>
    public long PendingEventCount => Interlocked.Read(ref _pendingEvents);

    /// <summary>Number of group commits done since open (for measurements).</summary>
    public long CommitCount { get; private set; }

    /// <summary>Why the writer stopped (every later append fails), or null.</summary>
    public Exception? Failure => Volatile.Read(ref _fault);

    public Task<IReadOnlyList<long>> Enqueue(PendingAppend append)
    {
        if (Volatile.Read(ref _fault) is { } fault)
        {
            throw new IngestLogFailedException(fault);
        }

        Interlocked.Add(ref _pendingEvents, append.Events.Count);
        if (!_queue.Writer.TryWrite(append))
        {
            Interlocked.Add(ref _pendingEvents, -append.Events.Count);
            throw new ObjectDisposedException(nameof(FileIngestLog));
        }

        return append.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        try
        {
            if (_fault is null)
            {
                RestartCommitJournal(); // a clean shutdown leaves nothing to replay
            }
        }
        finally
        {
            foreach (var buffer in _buffers)
            {
                buffer.Writer.Dispose();
            }

            _journalBuffer.Writer.Dispose();
        }
    }

    private void Run()
    {
        try
        {
            Drain();
        }
        catch (Exception ex)
        {
            // A bug or an I/O failure outside a commit: no caller may hang, and no later append may be accepted.
            if (TryStop(ex))
            {
                ReportStop(ex);
            }

            _batch.ForEach(a => a.Completion.TrySetException(new IngestLogFailedException(ex)));
            _queue.Writer.TryComplete(ex);
            while (_queue.Reader.TryRead(out var append))
            {
                append.Completion.TrySetException(new IngestLogFailedException(ex));
            }
        }
    }

    private void Drain()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            _batch.Clear();
            var events = 0;
            while (events < _maxEventsPerCommit && reader.TryRead(out var append))
            {
                _batch.Add(append);
                events += append.Events.Count;
            }

            _batchEvents = events;
            if (_fault is not null)
            {
                Interlocked.Add(ref _pendingEvents, -events);
                _batch.ForEach(a => a.Completion.TrySetException(new IngestLogFailedException(_fault)));
            }
            else
            {
                Commit();
                if (_fault is null && _commits.Length >= _commitJournalBytes)
                {
                    RestartCommitJournal();
                }
            }
        }
    }

    private void Commit()
    {
        var group = ++_group;
        foreach (var buffer in _touched)
        {
            buffer.InCommit = false;
        }

        _touched.Clear();
        _written.Clear();
        _journaled.Clear();
        try
        {
            Encode();
            var frames = _touched.Count;
            foreach (var buffer in _touched)
            {
                var header = buffer.Seal(group, frames);
                _written.Add(buffer.Stream.Write(buffer.Writer.WrittenSpan, header));
                _journaled.Add((buffer.Index, buffer.Writer.WrittenMemory));
            }

            _commits.Write(group, _journaled);
            _commits.Flush();
        }
        catch (Exception ex)
        {
            Fail(ex, stop: ex is FsyncFailedException);
            return;
        }

        for (var i = 0; i < _touched.Count; i++)
        {
            _touched[i].Stream.Publish(_written[i], _touched[i].MaxTimestamp);
        }

        foreach (var buffer in _touched)
        {
            if (buffer.Index < _streams.Length)
            {
                // A partition (the idempotency journal has no readers to wake).
                _tails?[buffer.Index].Append([.. buffer.Events]); // before the pulse, so a woken reader finds them
                _signals[buffer.Index].Pulse();
            }
        }

        Interlocked.Add(ref _pendingEvents, -_batchEvents);
        foreach (var append in _batch)
        {
            append.Completion.TrySetResult(append.Offsets);
        }

        CommitCount++;
        _afterCommit();
    }

    private void Encode()
    {
        foreach (var append in _batch)
        {
            for (var i = 0; i < append.Events.Count; i++)
            {
                var (partition, e) = append.Events[i];
                var buffer = Touch(_buffers[partition]);
                append.Offsets[i] = buffer.FirstOffset + buffer.Count++;
                LoggedEventCodec.Write(buffer.Writer, append.ReceivedAt, e);
                if (_tails is not null)
                {
                    buffer.Events.Add(new LoggedEvent(partition, append.Offsets[i], append.ReceivedAt, e));
                }
            }

            if (append.Idempotency is { } record)
            {
                var buffer = Touch(_journalBuffer);
                buffer.Count++;
                buffer.MaxTimestamp = Math.Max(buffer.MaxTimestamp, record.CreatedAt);
                IdempotencyRecordCodec.Write(buffer.Writer, record);
            }
        }
    }

    private StreamBuffer Touch(StreamBuffer buffer)
    {
        if (!buffer.InCommit)
        {
            buffer.Begin();
            _touched.Add(buffer);
        }

        return buffer;
    }

    /// <summary>
    /// Fails the commit being built: cuts its bytes off the files again, and with <paramref name="stop"/> (a failed fsync)
    /// or when that cut fails, stops the writer (see the class summary).
    /// </summary>
    private void Fail(Exception ex, bool stop)
    {
        var stopping = stop && TryStop(ex);
        try
        {
            // After a failed fsync this is only best effort (reopening decides what is on disk), but it makes it less
            // likely that recovery brings back a commit its callers were told had failed.
            foreach (var pending in _written)
            {
                SegmentedStream.Discard(pending);
            }

            _commits.Discard();
        }
        catch (Exception discardFailure)
        {
            // The files now hold a partial commit we could not remove: refuse further appends; reopening recovers.
            stopping |= TryStop(discardFailure);
        }

        if (stopping)
        {
            ReportStop(_fault!);
        }

        Interlocked.Add(ref _pendingEvents, -_batchEvents);
        var failure = _fault is null ? ex : new IngestLogFailedException(ex);
        foreach (var append in _batch)
        {
            append.Completion.TrySetException(failure);
        }
    }

    /// <summary>Stops the writer for good; true if <paramref name="cause"/> is what stopped it (it had not stopped before).</summary>
    private bool TryStop(Exception cause) => Interlocked.CompareExchange(ref _fault, cause, null) is null;

    /// <summary>Tells the owner once why the writer stopped, before the callers hear of it.</summary>
    private void ReportStop(Exception cause)
    {
        try
        {
            _stopped(cause);
        }
        catch (Exception)
        {
            // A failing logger must not keep the callers of the failed commit waiting.
        }
    }

    /// <summary>
    /// Lets the commit journal forget every commit so far: fsyncs the streams' unsynced segment files (in parallel),
    /// then empties the journal. A failure faults the writer: reopening recovers from the journal still on disk.
    /// </summary>
    private void RestartCommitJournal()
    {
        Parallel.ForEach(_buffers.Append(_journalBuffer), buffer => buffer.Stream.Sync());
        _commits.Restart(_group);
    }

    /// <summary>The frame being built for one stream during a commit.</summary>
    private sealed class StreamBuffer(SegmentedStream stream, int index)
    {
        public SegmentedStream Stream { get; } = stream;

        /// <summary>The stream's number in commit journal records (partitions first, then the idempotency journal).</summary>
        public int Index { get; } = index;

        public PooledBufferWriter Writer { get; } = new();

        /// <summary>The frame's events as appended, for the partition's in-memory tail.</summary>
        public List<LoggedEvent> Events { get; } = [];

        public long FirstOffset { get; private set; }

        public int Count { get; set; }

        /// <summary>True while this stream is part of the commit being built.</summary>
        public bool InCommit { get; set; }

        public long MaxTimestamp { get; set; }

        public void Begin()
        {
            InCommit = true;
            Writer.Reset();
            Writer.GetSpan(FrameHeader.Size);
            Writer.Advance(FrameHeader.Size);
            FirstOffset = Stream.EndOffset;
            Count = 0;
            Events.Clear();
            MaxTimestamp = long.MinValue;
        }

        public FrameHeader Seal(ulong group, int groupFrames)
        {
            var header = new FrameHeader(Writer.WrittenCount - FrameHeader.Size, group, groupFrames, FirstOffset, Count);
            header.WriteTo(Writer.WrittenSpanMutable);
            return header;
        }
    }
}
