using System.Threading.Channels;
using FlowOrleans.Durability.Codecs;
using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Log;

/// <summary>
/// The log's single writer. It drains every queued append into one group commit: one frame per touched partition
/// (plus one in the idempotency journal), all written, then all fsynced, then published and acknowledged together.
/// Each frame carries the commit's number and frame count so recovery can drop a commit that was only partly written.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SegmentedStream[] _streams;
    private readonly DataSignal[] _signals;
    private readonly SegmentedStream _journal;
    private readonly int _maxEventsPerCommit;
    private readonly Action _afterCommit;
    private readonly IngestTail[]? _tails;
    private readonly StreamBuffer[] _buffers;
    private readonly StreamBuffer _journalBuffer;
    private readonly List<PendingAppend> _batch = [];
    private readonly List<StreamBuffer> _touched = [];
    private readonly List<SegmentedStream.PendingFrame> _written = [];
    private readonly Task _loop;
    private ulong _group;
    private long _pendingEvents;
    private int _batchEvents;
    private Exception? _fault;

    public GroupCommitWriter(SegmentedStream[] streams, DataSignal[] signals, SegmentedStream journal, ulong lastGroup, int maxEventsPerCommit, Action afterCommit, IngestTail[]? tails = null)
    {
        _tails = tails;
        _streams = streams;
        _signals = signals;
        _journal = journal;
        _group = lastGroup;
        _maxEventsPerCommit = maxEventsPerCommit;
        _afterCommit = afterCommit;
        _buffers = streams.Select(s => new StreamBuffer(s)).ToArray();
        _journalBuffer = new StreamBuffer(journal);
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Events enqueued and not yet durable (or failed).</summary>
    public long PendingEventCount => Interlocked.Read(ref _pendingEvents);

    /// <summary>Number of group commits done since open (for measurements).</summary>
    public long CommitCount { get; private set; }

    public Task<IReadOnlyList<long>> Enqueue(PendingAppend append)
    {
        if (_fault is not null)
        {
            throw new IOException("The ingest log failed and accepts no more appends.", _fault);
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
        foreach (var buffer in _buffers)
        {
            buffer.Writer.Dispose();
        }

        _journalBuffer.Writer.Dispose();
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
            _fault = ex;
            _batch.ForEach(a => a.Completion.TrySetException(new IOException("The ingest log failed.", ex)));
            _queue.Writer.TryComplete(ex);
            while (_queue.Reader.TryRead(out var append))
            {
                append.Completion.TrySetException(new IOException("The ingest log failed.", ex));
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
                _batch.ForEach(a => a.Completion.TrySetException(new IOException("The ingest log failed.", _fault)));
            }
            else
            {
                Commit();
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
        try
        {
            Encode();
            var frames = _touched.Count;
            foreach (var buffer in _touched)
            {
                var header = buffer.Seal(group, frames);
                _written.Add(buffer.Stream.Write(buffer.Writer.WrittenSpan, header));
            }

            if (_written.Count == 1)
            {
                SegmentedStream.Flush(_written[0]);
            }
            else
            {
                Parallel.ForEach(_written, SegmentedStream.Flush);
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
            return;
        }

        for (var i = 0; i < _touched.Count; i++)
        {
            _touched[i].Stream.Publish(_written[i], _touched[i].MaxTimestamp);
        }

        foreach (var buffer in _touched)
        {
            var index = Array.IndexOf(_streams, buffer.Stream);
            if (index >= 0)
            {
                _tails?[index].Append([.. buffer.Events]); // before the pulse, so a woken reader finds them
                _signals[index].Pulse();
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

    private void Fail(Exception ex)
    {
        try
        {
            foreach (var pending in _written)
            {
                SegmentedStream.Discard(pending);
            }
        }
        catch (Exception discardFailure)
        {
            // The files now hold a partial commit we could not remove: refuse further appends; reopening recovers.
            _fault = discardFailure;
        }

        Interlocked.Add(ref _pendingEvents, -_batchEvents);
        foreach (var append in _batch)
        {
            append.Completion.TrySetException(ex);
        }
    }

    /// <summary>The frame being built for one stream during a commit.</summary>
    private sealed class StreamBuffer(SegmentedStream stream)
    {
        public SegmentedStream Stream { get; } = stream;

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
