namespace FlowOrleans.Durability.Log;

/// <summary>
/// Makes group commits atomic across streams after a crash. Commits run one after another, so only the newest one can
/// be incomplete, and its frames are the last frame of each stream it touched. If fewer of them survived than the
/// commit wrote, none of its appends was acknowledged: its surviving frames are cut off.
/// </summary>
public static class GroupCommitRecovery
{
    /// <summary>Drops an incomplete newest commit; returns the highest commit number seen (the next commit uses more).</summary>
    public static ulong Recover(IReadOnlyList<SegmentedStream> streams)
    {
        var lastFrames = streams.Select(s => s.LastFrame).Where(f => f.HasValue).Select(f => f!.Value).ToList();
        if (lastFrames.Count == 0)
        {
            return 0;
        }

        var newest = lastFrames.Max(f => f.Group);
        var survivors = lastFrames.Where(f => f.Group == newest).ToList();
        if (survivors.Count < survivors[0].GroupFrames)
        {
            foreach (var stream in streams)
            {
                stream.TruncateTailGroup(newest);
            }
        }

        return newest;
    }
}
