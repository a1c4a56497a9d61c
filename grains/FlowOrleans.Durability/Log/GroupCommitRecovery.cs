namespace FlowOrleans.Durability.Log;

/// <summary>
/// Brings the streams back to exactly the commits that were durable, after a crash or a power loss. A group commit is
/// durable once its record in the <see cref="CommitJournal"/> is; its frames in the streams were written but not
/// fsynced, so any of them may be missing, torn (opening a stream truncates at the first bad frame) or, when the commit
/// never completed, present without a journal record. So, stream by stream:
/// <list type="number">
/// <item>every frame of a complete journal record that the stream lacks is written back (cutting whatever the stream
/// holds from that offset on, which no complete record covers);</item>
/// <item>frames newer than the stream's last journaled commit are cut (their commit was never acknowledged);</item>
/// <item>the newest commit must have all its frames (a directory from before the journal fsynced each stream, and the
/// streams of a restarted journal are synced, so the only gap left is a commit that reached some streams only);</item>
/// <item>everything is fsynced, so the caller can restart the journal.</item>
/// </list>
/// Commits run one after another, and every stream's frames carry increasing commit numbers.
/// </summary>
public static class GroupCommitRecovery
{
    /// <summary>Repairs and syncs <paramref name="streams"/>; returns the highest commit number seen (the next commit uses more).</summary>
    public static ulong Recover(IReadOnlyList<SegmentedStream> streams, CommitJournal journal)
    {
        var newest = streams.Select(s => s.LastFrame?.Group ?? 0).Max();
        if (journal.TryReadBase(out var baseGroup))
        {
            newest = Math.Max(newest, Replay(streams, journal, baseGroup));
        }

        DropIncompleteNewestCommit(streams);
        Parallel.ForEach(streams, stream => stream.Sync());
        return newest;
    }

    private static ulong Replay(IReadOnlyList<SegmentedStream> streams, CommitJournal journal, ulong baseGroup)
    {
        var lastJournaled = Enumerable.Repeat(baseGroup, streams.Count).ToArray();
        foreach (var record in journal.ReadRecords(baseGroup, streams.Count))
        {
            foreach (var frame in record.Frames)
            {
                Restore(streams[frame.Stream], frame);
                lastJournaled[frame.Stream] = record.Group;
            }
        }

        for (var i = 0; i < streams.Count; i++)
        {
            var last = lastJournaled[i];
            streams[i].CutTail(frame => frame.Group > last);
        }

        return lastJournaled.Max();
    }

    private static void Restore(SegmentedStream stream, CommitJournal.Frame frame)
    {
        var header = frame.Header;
        if (header.FirstOffset + header.Count <= stream.StartOffset || stream.FrameAt(header.FirstOffset)?.Group == header.Group)
        {
            return; // consumed and deleted since, or survived intact
        }

        stream.CutTail(f => f.FirstOffset >= header.FirstOffset);
        if (stream.EndOffset != header.FirstOffset)
        {
            throw new InvalidDataException(
                $"{stream.Directory} ends at offset {stream.EndOffset}, but the commit journal continues it at {header.FirstOffset}: synced records are missing.");
        }

        stream.Publish(stream.Write(frame.Bytes, header));
    }

    private static void DropIncompleteNewestCommit(IReadOnlyList<SegmentedStream> streams)
    {
        var lastFrames = streams.Select(s => s.LastFrame).Where(f => f.HasValue).Select(f => f!.Value).ToList();
        if (lastFrames.Count == 0)
        {
            return;
        }

        var newest = lastFrames.Max(f => f.Group);
        var survivors = lastFrames.Where(f => f.Group == newest).ToList();
        if (survivors.Count < survivors[0].GroupFrames)
        {
            foreach (var stream in streams)
            {
                stream.CutTail(f => f.Group == newest);
            }
        }
    }
}
