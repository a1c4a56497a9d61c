using FlowOrleans.Durability.Codecs;
using Microsoft.Win32.SafeHandles;

namespace FlowOrleans.Durability.Log;

/// <summary>
/// One segment file <c>&lt;firstOffset&gt;.seg</c> of a stream: its open handle, its length and the index of its
/// complete frames. Frames are added only by the stream's single writer; readers look them up under the stream's lock.
/// </summary>
public sealed class Segment : IDisposable
{
    public Segment(string path, long firstOffset, SafeFileHandle handle)
    {
        Path = path;
        FirstOffset = firstOffset;
        Handle = handle;
    }

    public string Path { get; }

    public long FirstOffset { get; }

    public SafeFileHandle Handle { get; }

    /// <summary>Bytes of complete frames (the next frame is written here).</summary>
    public long Length { get; set; }

    public List<FrameRef> Frames { get; } = [];

    /// <summary>Largest application timestamp seen in the segment (the idempotency journal ages segments by it).</summary>
    public long MaxTimestamp { get; set; } = long.MinValue;

    /// <summary>
    /// True while the file may hold written bytes (or a truncation) not yet fsynced. The commit journal covers them
    /// until <see cref="SegmentedStream.Sync"/> clears it.
    /// </summary>
    public bool Unsynced { get; set; }

    public long EndOffset => Frames.Count == 0 ? FirstOffset : Frames[^1].EndOffset;

    public static string FileName(long firstOffset) => $"{firstOffset:D20}.seg";

    public static Segment Create(string directory, long firstOffset)
    {
        var path = System.IO.Path.Combine(directory, FileName(firstOffset));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        try
        {
            DirectorySync.Flush(directory);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        return new Segment(path, firstOffset, handle);
    }

    public void Dispose() => Handle.Dispose();
}
