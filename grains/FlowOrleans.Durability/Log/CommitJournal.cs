using System.Buffers.Binary;
using FlowOrleans.Durability.Codecs;
using Microsoft.Win32.SafeHandles;

namespace FlowOrleans.Durability.Log;

/// <summary>
/// The commit journal <c>&lt;data&gt;/log/commits.journal</c>: the one file a group commit fsyncs. Each commit appends
/// one record holding copies of the frames it wrote to the partition and idempotency streams (which are not fsynced
/// then), so a commit is durable once this file is. The streams are fsynced only before the journal is restarted
/// (<see cref="Restart"/>, when it grew past its size limit, on clean dispose and after recovery), so the journal
/// always holds every frame not yet known to be synced; <see cref="GroupCommitRecovery"/> restores them from it.
/// <para>
/// Layout (little-endian). Header, 16 bytes: magic "FLCJ", CRC-32 of the base, base = the newest commit whose frames
/// are all synced in the streams. Then records: magic "FLCR", CRC-32 over the rest of the record header, commit
/// number, frame count n, n stream indexes (partition p is p, the idempotency stream is the partition count), then the
/// n frames exactly as written to their streams (each guarded by its own CRC). A record is complete only when its header
/// and every frame check out; recovery stops at the first that does not.
/// </para>
/// </summary>
public sealed class CommitJournal : IDisposable
{
    private const uint HeaderMagic = 0x4A434C46; // "FLCJ"
    private const uint RecordMagic = 0x52434C46; // "FLCR"
    private const int HeaderSize = 16;
    private const int RecordHeaderSize = 20;

    private readonly SafeFileHandle _handle;
    private readonly List<ReadOnlyMemory<byte>> _gather = [];
    private byte[] _recordHeader = new byte[RecordHeaderSize + (4 * 64)];
    private long _length;
    private long _written;
    private long _fsyncCount;

    private CommitJournal(SafeFileHandle handle)
    {
        _handle = handle;
        _length = RandomAccess.GetLength(handle);
        _written = _length;
    }

    /// <summary>One frame of a journal record: the stream it belongs to and its bytes (header + payload).</summary>
    public readonly record struct Frame(int Stream, FrameHeader Header, byte[] Bytes);

    /// <summary>A complete journal record: one group commit.</summary>
    public readonly record struct Record(ulong Group, IReadOnlyList<Frame> Frames);

    /// <summary>Bytes of the file up to its last flushed record; the writer restarts the journal once it passes its limit.</summary>
    public long Length => _length;

    /// <summary>fsyncs of the journal since open (for tests and measurements).</summary>
    public long FsyncCount => Interlocked.Read(ref _fsyncCount);

    /// <summary>Runs before each fsync of the journal; a test makes it throw to play a disk whose fsync fails.</summary>
    internal Action? BeforeFsync { get; set; }

    public static CommitJournal Open(string path)
    {
        var existed = File.Exists(path);
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        if (!existed)
        {
            DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }

        return new CommitJournal(handle);
    }

    /// <summary>
    /// Reads the base commit from the header. False when there is no valid header: the file is new, or a restart was
    /// cut short; either way the streams were fully synced then (a restart syncs them first).
    /// </summary>
    public bool TryReadBase(out ulong baseGroup)
    {
        baseGroup = 0;
        var header = new byte[HeaderSize];
        if (_length < HeaderSize || !ReadFully(0, header) || BinaryPrimitives.ReadUInt32LittleEndian(header) != HeaderMagic
            || BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)) != Crc32.Compute(header.AsSpan(8)))
        {
            return false;
        }

        baseGroup = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(8));
        return true;
    }

    /// <summary>The complete records after a valid header, oldest first, up to the first torn or corrupt one.</summary>
    public IEnumerable<Record> ReadRecords(ulong baseGroup, int streamCount)
    {
        var position = (long)HeaderSize;
        var previous = baseGroup;
        while (TryReadRecord(ref position, previous, streamCount, out var record))
        {
            previous = record.Group;
            yield return record;
        }
    }

    /// <summary>Appends one commit's record after the last flushed one (not fsynced: see <see cref="Flush"/>).</summary>
    public void Write(ulong group, IReadOnlyList<(int Stream, ReadOnlyMemory<byte> Frame)> frames)
    {
        var headerLength = RecordHeaderSize + (4 * frames.Count);
        if (_recordHeader.Length < headerLength)
        {
            _recordHeader = new byte[headerLength * 2];
        }

        var header = _recordHeader.AsSpan(0, headerLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header, RecordMagic);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], group);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], frames.Count);
        _gather.Clear();
        _gather.Add(_recordHeader.AsMemory(0, headerLength));
        var length = (long)headerLength;
        for (var i = 0; i < frames.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header[(RecordHeaderSize + (4 * i))..], frames[i].Stream);
            _gather.Add(frames[i].Frame);
            length += frames[i].Frame.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.Compute(header[8..]));
        _written = _length;
        RandomAccess.Write(_handle, _gather, _length);
        _gather.Clear();
        _written = _length + length;
    }

    /// <summary>Makes every record written so far durable: the group commit's one fsync.</summary>
    /// <exception cref="FsyncFailedException">The fsync failed: the records since the last flush may or may not be on disk.</exception>
    public void Flush()
    {
        Fsync();
        _length = _written;
    }

    /// <summary>Cuts off what was written after the last flushed record (its commit failed), durably, so recovery never replays it.</summary>
    public void Discard()
    {
        _written = _length;
        RandomAccess.SetLength(_handle, _length);
        Fsync();
    }

    /// <summary>
    /// Empties the journal and records that every commit up to <paramref name="baseGroup"/> is synced in the streams.
    /// The caller must have synced them first.
    /// </summary>
    public void Restart(ulong baseGroup)
    {
        var header = new byte[HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, HeaderMagic);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), baseGroup);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), Crc32.Compute(header.AsSpan(8)));
        RandomAccess.SetLength(_handle, 0);
        RandomAccess.Write(_handle, header, 0);
        Fsync();
        _length = HeaderSize;
        _written = HeaderSize;
    }

    public void Dispose() => _handle.Dispose();

    private void Fsync()
    {
        try
        {
            BeforeFsync?.Invoke();
            RandomAccess.FlushToDisk(_handle);
        }
        catch (IOException ex)
        {
            throw new FsyncFailedException("fsync of the commit journal failed: " + ex.Message, ex);
        }

        Interlocked.Increment(ref _fsyncCount);
    }

    private bool TryReadRecord(ref long position, ulong previous, int streamCount, out Record record)
    {
        record = default;
        var fixedPart = new byte[RecordHeaderSize];
        if (!ReadFully(position, fixedPart) || BinaryPrimitives.ReadUInt32LittleEndian(fixedPart) != RecordMagic)
        {
            return false;
        }

        var group = BinaryPrimitives.ReadUInt64LittleEndian(fixedPart.AsSpan(8));
        var count = BinaryPrimitives.ReadInt32LittleEndian(fixedPart.AsSpan(16));
        if (group <= previous || count <= 0 || count > streamCount)
        {
            return false;
        }

        var header = new byte[RecordHeaderSize + (4 * count)];
        if (!ReadFully(position, header) || BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)) != Crc32.Compute(header.AsSpan(8)))
        {
            return false;
        }

        var next = position + header.Length;
        var frames = new List<Frame>(count);
        for (var i = 0; i < count; i++)
        {
            var stream = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(RecordHeaderSize + (4 * i)));
            var frameHeader = new byte[FrameHeader.Size];
            if ((uint)stream >= (uint)streamCount || !ReadFully(next, frameHeader)
                || !FrameHeader.TryRead(frameHeader, out var h, out var crc) || h.Group != group || h.GroupFrames != count)
            {
                return false;
            }

            if (_length - next < (long)FrameHeader.Size + h.PayloadLength)
            {
                return false;
            }

            var bytes = new byte[FrameHeader.Size + h.PayloadLength];
            if (!ReadFully(next, bytes) || !FrameHeader.CrcMatches(bytes, crc))
            {
                return false;
            }

            frames.Add(new Frame(stream, h, bytes));
            next += bytes.Length;
        }

        position = next;
        record = new Record(group, frames);
        return true;
    }

    private bool ReadFully(long position, Span<byte> destination)
    {
        if (_length - position < destination.Length)
        {
            return false;
        }

        while (destination.Length > 0)
        {
            var read = RandomAccess.Read(_handle, destination, position);
            if (read <= 0)
            {
                return false;
            }

            destination = destination[read..];
            position += read;
        }

        return true;
    }
}
