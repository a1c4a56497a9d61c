using System.Runtime.InteropServices;

namespace FlowOrleans.Grains.Routing;

/// <summary>
/// The targets (window start, shard) of one pipeline in one batch, numbered in order of first appearance, with how
/// many events each gets. Looking a target up first tries the last one seen at the same window slot. Reused: <see cref="Reset"/>.
/// </summary>
internal sealed class TargetTable
{
    private readonly Dictionary<(long Start, int Shard), int> _ids = [];
    private readonly List<(long Start, int Shard, int Count)> _targets = [];
    private (long Start, int Shard, int Id)[] _last = [];
    private int[] _offsets = [];

    /// <summary>How many targets there are.</summary>
    public int Length => _targets.Count;

    /// <summary>Target <paramref name="id"/> and its event count.</summary>
    public (long Start, int Shard, int Count) this[int id] => _targets[id];

    /// <summary>Empties the table for a batch whose events have at most <paramref name="slots"/> windows each.</summary>
    public void Reset(int slots)
    {
        _ids.Clear();
        _targets.Clear();
        if (_last.Length < slots)
        {
            _last = new (long, int, int)[slots];
        }

        Array.Fill(_last, (0, 0, -1));
    }

    /// <summary>Counts one more event for (start, shard), seen at window slot <paramref name="slot"/>; returns its id.</summary>
    public int Count(int slot, long start, int shard)
    {
        ref var last = ref _last[slot];
        int id;
        if (last.Id >= 0 && last.Start == start && last.Shard == shard)
        {
            id = last.Id;
        }
        else
        {
            if (!_ids.TryGetValue((start, shard), out id))
            {
                id = _targets.Count;
                _ids.Add((start, shard), id);
                _targets.Add((start, shard, 0));
            }

            last = (start, shard, id);
        }

        CollectionsMarshal.AsSpan(_targets)[id].Count++;
        return id;
    }

    /// <summary>
    /// Where each target's events begin in an array of all of them, laid out by id (a scratch array the caller
    /// advances as it fills; after filling, entry t is the end of target t).
    /// </summary>
    public int[] StartOffsets()
    {
        if (_offsets.Length < _targets.Count)
        {
            _offsets = new int[Math.Max(_targets.Count, 2 * _offsets.Length)];
        }

        var at = 0;
        for (var t = 0; t < _targets.Count; t++)
        {
            _offsets[t] = at;
            at += _targets[t].Count;
        }

        return _offsets;
    }
}
