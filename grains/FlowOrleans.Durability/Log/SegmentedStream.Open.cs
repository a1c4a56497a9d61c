using System.Buffers;
using FlowOrleans.Durability.Codecs;

namespace FlowOrleans.Durability.Log;

public sealed partial class SegmentedStream
{
    /// <summary>
    /// Opens (or creates) the stream in <paramref name="directory"/>. Every frame is checked (magic, length, CRC, dense
    /// offsets); at the first bad one the file is truncated there and any later segment files are deleted, so the
    /// stream resumes at its last complete record. <paramref name="visitor"/> sees every surviving frame. The truncation
    /// and the directory are fsynced before it returns: a deleted segment that came back after a power loss could
    /// otherwise continue a stream that meanwhile grew other records, and a segment a crashed run created may not have
    /// had its directory fsynced yet.
    /// </summary>
    public static SegmentedStream Open(string directory, long segmentBytes, FrameVisitor? visitor = null)
    {
        DirectorySync.CreateDirectory(directory);
        var files = System.IO.Directory.GetFiles(directory, "*.seg")
            .Select(path => (Path: path, Offset: long.TryParse(Path.GetFileNameWithoutExtension(path), out var o) ? o : -1))
            .Where(f => f.Offset >= 0)
            .OrderBy(f => f.Offset)
            .ToList();

        var segments = new List<Segment>();
        try
        {
            return Open(directory, segmentBytes, visitor, files, segments);
        }
        catch
        {
            segments.ForEach(s => s.Dispose());
            throw;
        }
    }

    private static SegmentedStream Open(string directory, long segmentBytes, FrameVisitor? visitor, List<(string Path, long Offset)> files, List<Segment> segments)
    {
        var broken = false;
        var expected = files.Count > 0 ? files[0].Offset : 0;
        foreach (var (path, offset) in files)
        {
            if (broken || offset != expected || (segments.Count > 0 && segments[^1].Frames.Count == 0))
            {
                broken = true;
                File.Delete(path);
                continue;
            }

            var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            var segment = new Segment(path, offset, handle);
            segments.Add(segment);
            broken = !ScanSegment(segment, visitor);
            expected = segment.EndOffset;
        }

        if (segments.Count == 0)
        {
            segments.Add(Segment.Create(directory, 0)); // fsyncs the directory
        }
        else
        {
            DirectorySync.Flush(directory);
        }

        return new SegmentedStream(directory, segmentBytes, segments);
    }

    /// <summary>Indexes a segment's complete frames; truncates at the first bad one and returns false then.</summary>
    private static bool ScanSegment(Segment segment, FrameVisitor? visitor)
    {
        var fileLength = RandomAccess.GetLength(segment.Handle);
        var header = new byte[FrameHeader.Size];
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long position = 0;
            var expected = segment.FirstOffset;
            while (position < fileLength)
            {
                if (fileLength - position < FrameHeader.Size
                    || RandomAccess.Read(segment.Handle, header, position) != FrameHeader.Size
                    || !FrameHeader.TryRead(header, out var h, out var crc)
                    || h.FirstOffset != expected
                    || fileLength - position - FrameHeader.Size < h.PayloadLength)
                {
                    break;
                }

                var total = FrameHeader.Size + h.PayloadLength;
                if (buffer.Length < total)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(total);
                }

                var frame = buffer.AsSpan(0, total);
                if (ReadFully(segment, position, frame) != total || !FrameHeader.CrcMatches(frame, crc))
                {
                    break;
                }

                var frameRef = new FrameRef(position, total, h.Group, h.GroupFrames, h.FirstOffset, h.Count);
                visitor?.Invoke(segment, frameRef, frame[FrameHeader.Size..]);
                segment.Frames.Add(frameRef);
                position += total;
                expected = frameRef.EndOffset;
            }

            segment.Length = position;
            if (position == fileLength)
            {
                return true;
            }

            RandomAccess.SetLength(segment.Handle, position);
            RandomAccess.FlushToDisk(segment.Handle);
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int ReadFully(Segment segment, long position, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var read = RandomAccess.Read(segment.Handle, destination[total..], position + total);
            if (read <= 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
