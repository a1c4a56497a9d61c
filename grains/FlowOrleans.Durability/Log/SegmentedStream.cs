using System.Buffers;

namespace FlowOrleans.Durability.Log;

/// <summary>
/// An append-only stream of CRC-guarded frames kept as segment files in one directory: one log partition, or the
/// idempotency journal. Offsets count records and are dense. One writer appends (<see cref="Write"/>, <see cref="Flush"/>,
/// <see cref="Publish"/>); readers see only published frames. Opening truncates a torn or corrupt tail.
/// </summary>
public sealed partial class SegmentedStream : IDisposable
{
    private readonly Lock _lock = new();
    private readonly ReaderWriterLockSlim _deletion = new();
    private readonly List<Segment> _segments;
    private readonly string _directory;
    private readonly long _segmentBytes;
    private long _endOffset;

    private SegmentedStream(string directory, long segmentBytes, List<Segment> segments)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
        _segments = segments;
        _endOffset = segments[^1].EndOffset;
    }

    /// <summary>A frame written to its segment file but not yet fsynced or visible to readers.</summary>
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
        }

        RandomAccess.Write(active.Handle, frame, active.Length);
        var frameRef = new FrameRef(active.Length, frame.Length, header.Group, header.GroupFrames, header.FirstOffset, header.Count);
        return new PendingFrame(active, frameRef);
    }

    /// <summary>Makes a written frame durable (fsync).</summary>
    public static void Flush(PendingFrame pending) => RandomAccess.FlushToDisk(pending.Segment.Handle);

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

        return doomed.Count;
    }

    /// <summary>Recovery: removes the last frame when it belongs to <paramref name="group"/> (an incomplete group commit).</summary>
    public bool TruncateTailGroup(ulong group)
    {
        lock (_lock)
        {
            var index = _segments.FindLastIndex(s => s.Frames.Count > 0);
            if (index < 0 || _segments[index].Frames[^1].Group != group)
            {
                return false;
            }

            var segment = _segments[index];
            var frame = segment.Frames[^1];
            segment.Frames.RemoveAt(segment.Frames.Count - 1);
            segment.Length = frame.Position;
            RandomAccess.SetLength(segment.Handle, frame.Position);
            RandomAccess.FlushToDisk(segment.Handle);
            _endOffset = frame.FirstOffset;
            return true;
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
