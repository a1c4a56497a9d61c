using System.Buffers;

namespace FlowOrleans.Durability.Log;

public sealed partial class SegmentedStream
{
    /// <summary>
    /// Visits the published frames that hold records from <paramref name="fromOffset"/> on (from the oldest stored one
    /// when <paramref name="fromOffset"/> was deleted), in order, until the visitor returns false. File reads and the
    /// visitor run outside the index lock, so a reader never stalls the writer; segment deletion waits for readers.
    /// </summary>
    public void Read(long fromOffset, FrameVisitor visitor)
    {
        byte[]? buffer = null;
        _deletion.EnterReadLock();
        try
        {
            int segmentIndex, frameIndex;
            lock (_lock)
            {
                segmentIndex = FindSegment(fromOffset);
                frameIndex = FindFrame(_segments[segmentIndex].Frames, fromOffset);
            }

            while (TryGetFrame(ref segmentIndex, ref frameIndex, out var segment, out var frame))
            {
                if (buffer is null || buffer.Length < frame.TotalLength)
                {
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    buffer = ArrayPool<byte>.Shared.Rent(frame.TotalLength);
                }

                ReadExactly(segment, frame.Position, buffer.AsSpan(0, frame.TotalLength));
                if (!visitor(segment, frame, buffer.AsSpan(FrameHeader.Size, frame.TotalLength - FrameHeader.Size)))
                {
                    return;
                }
            }
        }
        finally
        {
            _deletion.ExitReadLock();
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static void ReadExactly(Segment segment, long position, Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            var read = RandomAccess.Read(segment.Handle, destination, position);
            if (read <= 0)
            {
                throw new IOException($"Segment {segment.Path} ends before a published frame.");
            }

            destination = destination[read..];
            position += read;
        }
    }

    /// <summary>The frame at (segment, frame) and advances past it; false at the published end.</summary>
    private bool TryGetFrame(ref int segmentIndex, ref int frameIndex, out Segment segment, out FrameRef frame)
    {
        lock (_lock)
        {
            while (segmentIndex < _segments.Count)
            {
                segment = _segments[segmentIndex];
                if (frameIndex < segment.Frames.Count)
                {
                    frame = segment.Frames[frameIndex++];
                    return true;
                }

                segmentIndex++;
                frameIndex = 0;
            }
        }

        segment = null!;
        frame = default;
        return false;
    }

    private int FindSegment(long offset)
    {
        var index = _segments.Count - 1;
        while (index > 0 && _segments[index].FirstOffset > offset)
        {
            index--;
        }

        return index;
    }

    private static int FindFrame(List<FrameRef> frames, long offset)
    {
        int lo = 0, hi = frames.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (frames[mid].EndOffset <= offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}
