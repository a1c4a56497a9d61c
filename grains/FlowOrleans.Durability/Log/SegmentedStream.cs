using System.Buffers;
using FlowOrleans.Durability.Codecs;

namespace FlowOrleans.Durability.Log;

/// <summary>
/// An append-only stream of CRC-guarded frames kept as segment files in one directory: one log partition, or the
/// idempotency journal. Offsets count records and are dense. One writer appends (<see cref="Write"/>, <see cref="Publish"/>)
/// and fsyncs lazily (<see cref="Sync"/>): a written frame is durable through the <see cref="CommitJournal"/> until then.
/// Readers see only published frames. Opening truncates a torn or corrupt tail.
/// </summary>
public sealed partial class SegmentedStream : IDisposable
{
    private readonly Lock _lock = new();
    private readonly ReaderWriterLockSlim _deletion = new();
    private readonly List<Segment> _segments;
    private readonly string _directory;
    private readonly long _segmentBytes;
    private long _endOffset;
    private long _fsyncCount;

    private SegmentedStream(string directory, long segmentBytes, List<Segment> segments)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
        _segments = segments;
        _endOffset = segments[^1].EndOffset;
    }

    /// <summary>A frame written to its segment file but not yet visible to readers.</summary>
    public readonly record struct PendingFrame(Segment Segment, FrameRef Frame);

    /// <summary>Visits one frame's payload during a read or a recovery scan; return false to stop.</summary>
    public delegate bool FrameVisitor(Segment segment, FrameRef frame, ReadOnlySpan<byte> payload);

    public string Directory => _directory;

    /// <summary>The offset the next record gets (published records only).</summary>
    public long EndOffset
    {
        get
        {
            lock (_lock)
            {
                return _endOffset;
            }
        }
    }

    /// <summary>The oldest offset still stored.</summary>
    public long StartOffset
    {
        get
        {
            lock (_lock)
            {
                return _segments[0].FirstOffset;
            }
        }
    }

    /// <summary>The last complete frame, if any.</summary>
    public FrameRef? LastFrame
    {
        get
        {
            lock (_lock)
            {
                for (var i = _segments.Count - 1; i >= 0; i--)
                {
                    if (_segments[i].Frames.Count > 0)
                    {
                        return _segments[i].Frames[^1];
                    }
                }

                return null;
            }
        }
    }

    /// <summary>fsyncs of this stream's segment files since open (for tests and measurements).</summary>
    public long FsyncCount => Interlocked.Read(ref _fsyncCount);

    /// <summary>Segment files holding writes not yet fsynced (<see cref="Sync"/> makes it 0).</summary>
    public int UnsyncedSegmentCount
    {
        get
        {
            lock (_lock)
            {
                return _segments.Count(s => s.Unsynced);
            }
        }
    }

    public int SegmentCount
    {
        get
        {
            lock (_lock)
            {
                return _segments.Count;
            }
        }
    }

    /// <summary>Writes a sealed frame (header + payload) after the last one, rolling to a new segment when the active one is full.</summary>
    public PendingFrame Write(ReadOnlySpan<byte> frame, FrameHeader header)
    {
        Segment active;
        lock (_lock)
        {
            active = _segments[^1];
            if (active.Length >= _segmentBytes && active.Frames.Count > 0)
            {
                active = Segment.Create(_directory, header.FirstOffset);
                _segments.Add(active);
            }

            active.Unsynced = true;
        }

        RandomAccess.Write(active.Handle, frame, active.Length);
        var frameRef = new FrameRef(active.Length, frame.Length, header.Group, header.GroupFrames, header.FirstOffset, header.Count);
        return new PendingFrame(active, frameRef);
    }

    /// <summary>
    /// fsyncs every segment file with unsynced writes (the writer calls it before the commit journal forgets them).
    /// Takes no lock over the fsyncs, so readers and segment deletion never wait for the disk.
    /// </summary>
    public void Sync()
    {
        List<Segment> unsynced;
        lock (_lock)
        {
            unsynced = _segments.Where(s => s.Unsynced).ToList();
        }

        foreach (var segment in unsynced)
        {
            segment.Unsynced = false;
            try
            {
                RandomAccess.FlushToDisk(segment.Handle);
                Interlocked.Increment(ref _fsyncCount);
            }
            catch (ObjectDisposedException)
            {
                // Deleted meanwhile: every record in it was committed, nothing needs it on disk any more.
            }
        }
    }

    /// <summary>Makes a durable frame visible to readers and advances <see cref="EndOffset"/>.</summary>
    public void Publish(PendingFrame pending, long maxTimestamp = long.MinValue)
    {
        lock (_lock)
        {
            var segment = pending.Segment;
            segment.Frames.Add(pending.Frame);
            segment.Length = pending.Frame.Position + pending.Frame.TotalLength;
            segment.MaxTimestamp = Math.Max(segment.MaxTimestamp, maxTimestamp);
            _endOffset = pending.Frame.EndOffset;
        }
    }

    /// <summary>Cuts a written but unpublished frame off again (after a failed group commit).</summary>
    public static void Discard(PendingFrame pending) => RandomAccess.SetLength(pending.Segment.Handle, pending.Frame.Position);

    /// <summary>
    /// Deletes the oldest segments while <paramref name="deletable"/> says so, never the last one holding frames.
    /// Returns how many were deleted.
    /// </summary>
    public int DeleteOldSegments(Func<Segment, bool> deletable)
    {
        List<Segment> doomed = [];
        _deletion.EnterWriteLock();
        try
        {
            lock (_lock)
            {
                var lastNonEmpty = _segments.FindLastIndex(s => s.Frames.Count > 0);
                while (doomed.Count < lastNonEmpty && deletable(_segments[doomed.Count]))
                {
                    doomed.Add(_segments[doomed.Count]);
                }

                _segments.RemoveRange(0, doomed.Count);
            }

            foreach (var segment in doomed)
            {
                segment.Dispose();
            }
        }
        finally
        {
            _deletion.ExitWriteLock();
        }

        foreach (var segment in doomed)
        {
            File.Delete(segment.Path);
        }

        if (doomed.Count > 0)
        {
            // A segment may be deleted before it was ever fsynced: were it to come back torn after a power loss,
            // opening would truncate it and drop every later (synced) segment.
            DirectorySync.Flush(_directory);
        }

        return doomed.Count;
    }

    /// <summary>Recovery: the published frame holding exactly the records from <paramref name="firstOffset"/>, if any.</summary>
    public FrameRef? FrameAt(long firstOffset)
    {
        lock (_lock)
        {
            var frames = _segments[FindSegment(firstOffset)].Frames;
            var index = FindFrame(frames, firstOffset);
            return index < frames.Count && frames[index].FirstOffset == firstOffset ? frames[index] : null;
        }
    }

    /// <summary>
    /// Recovery: removes frames from the end while <paramref name="cut"/> says so (deleting segment files left empty,
    /// except the first). The cut files are marked unsynced; recovery syncs them.
    /// </summary>
    public void CutTail(Func<FrameRef, bool> cut)
    {
        List<Segment> emptied = [];
        lock (_lock)
        {
            while (true)
            {
                var segment = _segments[^1];
                if (segment.Frames.Count > 0 && cut(segment.Frames[^1]))
                {
                    segment.Length = segment.Frames[^1].Position;
                    segment.Frames.RemoveAt(segment.Frames.Count - 1);
                    RandomAccess.SetLength(segment.Handle, segment.Length);
                    segment.Unsynced = true;
                }
                else if (segment.Frames.Count == 0 && _segments.Count > 1)
                {
                    _segments.RemoveAt(_segments.Count - 1);
                    emptied.Add(segment);
                }
                else
                {
                    break;
                }
            }

            _endOffset = _segments[^1].EndOffset;
        }

        foreach (var segment in emptied)
        {
            segment.Dispose();
            File.Delete(segment.Path);
        }

        if (emptied.Count > 0)
        {
            DirectorySync.Flush(_directory);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var segment in _segments)
            {
                segment.Dispose();
            }
        }

        _deletion.Dispose();
    }
}
