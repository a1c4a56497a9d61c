using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Log;

/// <summary>
/// The most recently committed events of one log partition, kept in memory as they were appended: one chunk per
/// published frame, holding the caller's own <see cref="StreamEvent"/> objects. A reader close behind the writer is
/// served from here without a file read, a CRC check or a decode; anything older comes from the segment files.
/// <para>Bound: at most <c>maxEvents</c> events. <see cref="DropBelow"/> drops the chunks below an offset no reader
/// needs from memory any more (the reader's position, the committed offset); an append beyond the bound drops the oldest chunks (a chunk larger than the bound is not kept at all). Each kept
/// event costs its 32-byte slot plus its event object, which the tail keeps alive.</para>
/// <para>Chunks are never changed once added, so a slice handed to a reader stays valid however long it is held.
/// One writer, any number of readers; a lock guards the chunk list (taken once per append or read, not per event).</para>
/// </summary>
public sealed class IngestTail(int maxEvents)
{
    private readonly Lock _lock = new();
    private readonly List<LoggedEvent[]> _chunks = [];
    private int _head; // chunks before it were dropped; compacted once they are half the list
    private long _count;

    /// <summary>Events currently kept.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>The first offset kept, or null when empty.</summary>
    public long? FirstOffset
    {
        get
        {
            lock (_lock)
            {
                return _head < _chunks.Count ? _chunks[_head][0].Offset : null;
            }
        }
    }

    /// <summary>
    /// Adds the events of a frame just published, in offset order. A chunk that does not follow the last one
    /// (nothing should cause it, but a gap would make the tail lie) replaces everything kept.
    /// </summary>
    public void Append(LoggedEvent[] chunk)
    {
        if (chunk.Length == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_head < _chunks.Count && _chunks[^1][^1].Offset + 1 != chunk[0].Offset)
            {
                DropFirst(_chunks.Count - _head);
            }

            _chunks.Add(chunk);
            _count += chunk.Length;
            var drop = 0;
            for (var kept = _count; kept > maxEvents; drop++)
            {
                kept -= _chunks[_head + drop].Length;
            }

            DropFirst(drop);
        }
    }

    /// <summary>Drops the chunks wholly below <paramref name="offset"/>.</summary>
    public void DropBelow(long offset)
    {
        lock (_lock)
        {
            var drop = 0;
            while (_head + drop < _chunks.Count && _chunks[_head + drop][^1].Offset < offset)
            {
                drop++;
            }

            DropFirst(drop);
        }
    }

    /// <summary>
    /// Up to <paramref name="maxCount"/> events from <paramref name="fromOffset"/> on, or null when the tail does not
    /// hold <paramref name="fromOffset"/>. A read inside one chunk is a segment of it; one across chunks a segment of
    /// a copy (handed out as <see cref="IReadOnlyList{T}"/>). Always the same list type, so the readers' loops over
    /// it stay devirtualised.
    /// </summary>
    public IReadOnlyList<LoggedEvent>? TryRead(long fromOffset, int maxCount)
    {
        if (maxCount <= 0)
        {
            return null;
        }

        lock (_lock)
        {
            var index = Find(fromOffset);
            if (index < 0)
            {
                return null;
            }

            var chunk = _chunks[index];
            var start = (int)(fromOffset - chunk[0].Offset);
            if (chunk.Length - start >= maxCount || index == _chunks.Count - 1)
            {
                return new ArraySegment<LoggedEvent>(chunk, start, Math.Min(maxCount, chunk.Length - start));
            }

            var length = (int)Math.Min(maxCount, _chunks[^1][^1].Offset + 1 - fromOffset);
            var result = new LoggedEvent[length];
            for (var copied = 0; copied < length; index++, start = 0)
            {
                var n = Math.Min(_chunks[index].Length - start, length - copied);
                Array.Copy(_chunks[index], start, result, copied, n);
                copied += n;
            }

            return new ArraySegment<LoggedEvent>(result);
        }
    }

    // The chunk holding offset, or -1.
    private int Find(long offset)
    {
        int lo = _head, hi = _chunks.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var chunk = _chunks[mid];
            if (chunk[^1].Offset < offset)
            {
                lo = mid + 1;
            }
            else if (chunk[0].Offset > offset)
            {
                hi = mid - 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }

    private void DropFirst(int chunks)
    {
        for (var i = 0; i < chunks; i++)
        {
            _count -= _chunks[_head].Length;
            _chunks[_head++] = null!;
        }

        if (_head == _chunks.Count)
        {
            _chunks.Clear();
            _head = 0;
        }
        else if (_head > 64 && _head * 2 > _chunks.Count)
        {
            _chunks.RemoveRange(0, _head);
            _head = 0;
        }
    }
}
