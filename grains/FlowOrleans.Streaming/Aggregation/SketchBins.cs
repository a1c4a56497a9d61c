using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FlowOrleans.Streaming.Aggregation;

/// <summary>
/// The bin counts of one side of a <see cref="DDSketch"/>, by bin index. Dense while that pays: one array over the
/// span of indexes used, so an insert is one indexed add (no hashing, no probing, and ascending order for free). It
/// stays dense while the span is at most <see cref="SmallSpan"/> bins (4 KiB: values within a factor of ~3e4, e.g.
/// 1..30,000), or at most <see cref="MaxDenseSpan"/> bins with at least one bin in <see cref="MinDensityDivisor"/>
/// used (so a wide span never takes more than a few times the memory of a dictionary of the same bins); past that it
/// moves to a dictionary, and back to an array once enough bins between are filled. Either way it holds the same
/// counts, so the sketch answers the same. A bin with a count is never 0: counts only grow.
/// </summary>
internal sealed class SketchBins
{
    private const int SmallSpan = 512;
    private const int MaxDenseSpan = 4096;
    private const int MinDensityDivisor = 8;
    private const int InitialSpan = 16;

    private long[] _dense = [];
    private int _offset; // the bin index of _dense[0]
    private Dictionary<int, long>? _sparse;

    /// <summary>How many bins have a count.</summary>
    public int Count => _sparse?.Count ?? UsedDense();

    /// <summary>Adds <paramref name="count"/> (&gt; 0) to bin <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int index, long count)
    {
        // In the sparse form _dense is empty, so this test fails there too.
        var dense = _dense;
        var slot = (long)index - _offset;
        if ((ulong)slot < (ulong)dense.Length)
        {
            dense[(int)slot] += count;
            return;
        }

        AddOutsideSpan(index, count);
    }

    /// <summary>
    /// Walks the bins in ascending (or descending) index order, adding each count to <paramref name="seen"/>, and
    /// stops at the first bin after which <paramref name="seen"/> exceeds <paramref name="rank"/>: returns true with
    /// that bin's index, or false (every count added) when the rank lies beyond these bins.
    /// </summary>
    public bool TryFindRank(long rank, bool descending, ref long seen, out int index)
    {
        if (_sparse is null)
        {
            for (var k = 0; k < _dense.Length; k++)
            {
                var i = descending ? _dense.Length - 1 - k : k;
                seen += _dense[i];
                if (_dense[i] != 0 && seen > rank)
                {
                    index = _offset + i;
                    return true;
                }
            }

            index = 0;
            return false;
        }

        var keys = new int[_sparse.Count];
        _sparse.Keys.CopyTo(keys, 0);
        Array.Sort(keys);
        for (var k = 0; k < keys.Length; k++)
        {
            var i = keys[descending ? keys.Length - 1 - k : k];
            seen += _sparse[i];
            if (seen > rank)
            {
                index = i;
                return true;
            }
        }

        index = 0;
        return false;
    }

    /// <summary>The highest index with a count (there must be one).</summary>
    public int MaxIndex()
    {
        if (_sparse is not null)
        {
            return _sparse.Keys.Max();
        }

        for (var i = _dense.Length - 1; i >= 0; i--)
        {
            if (_dense[i] != 0)
            {
                return _offset + i;
            }
        }

        throw new InvalidOperationException("The sketch has no bins.");
    }

    /// <summary>Adds every count of these bins to <paramref name="target"/>.</summary>
    public void AddTo(SketchBins target)
    {
        if (_sparse is not null)
        {
            foreach (var (index, count) in _sparse)
            {
                target.Add(index, count);
            }

            return;
        }

        for (var i = 0; i < _dense.Length; i++)
        {
            if (_dense[i] != 0)
            {
                target.Add(_offset + i, _dense[i]);
            }
        }
    }

    /// <summary>A copy of the bins as a dictionary (the serialized form).</summary>
    public Dictionary<int, long> ToDictionary()
    {
        if (_sparse is not null)
        {
            return new Dictionary<int, long>(_sparse);
        }

        var bins = new Dictionary<int, long>(UsedDense());
        for (var i = 0; i < _dense.Length; i++)
        {
            if (_dense[i] != 0)
            {
                bins[_offset + i] = _dense[i];
            }
        }

        return bins;
    }

    private void AddOutsideSpan(int index, long count)
    {
        if (_sparse is null)
        {
            if (TryGrow(index))
            {
                _dense[index - _offset] += count;
                return;
            }

            MoveToSparse();
        }

        CollectionsMarshal.GetValueRefOrAddDefault(_sparse!, index, out var existed) += count;
        if (!existed && _sparse!.Count >= SmallSpan / MinDensityDivisor && (_sparse.Count & (_sparse.Count - 1)) == 0)
        {
            // The bins filled in since the move (a few far-apart values came first): back to an array if it is dense now.
            TryMoveToDense();
        }
    }

    private void TryMoveToDense()
    {
        int low = int.MaxValue, high = int.MinValue;
        foreach (var index in _sparse!.Keys)
        {
            low = Math.Min(low, index);
            high = Math.Max(high, index);
        }

        var needed = (long)high - low + 1;
        if (needed > MaxDenseSpan || (long)_sparse.Count * MinDensityDivisor < needed)
        {
            return;
        }

        var dense = new long[needed];
        foreach (var (index, count) in _sparse)
        {
            dense[index - low] = count;
        }

        _dense = dense;
        _offset = low;
        _sparse = null;
    }

    private bool TryGrow(int index)
    {
        if (_dense.Length == 0)
        {
            _dense = new long[InitialSpan];
            _offset = index - (InitialSpan / 2);
            return true;
        }

        var low = Math.Min((long)index, _offset);
        var high = Math.Max((long)index, (long)_offset + _dense.Length - 1);
        var needed = high - low + 1;
        if (needed > MaxDenseSpan || (needed > SmallSpan && (long)(UsedDense() + 1) * MinDensityDivisor < needed))
        {
            return false;
        }

        var length = (int)Math.Min(MaxDenseSpan, Math.Max(needed, 2L * _dense.Length));
        var slack = length - needed;

        // Leave the room on the side that grew: values drift in one direction more often than they jump back.
        var offset = index < _offset ? low - slack : low;
        var grown = new long[length];
        Array.Copy(_dense, 0, grown, _offset - offset, _dense.Length);
        _dense = grown;
        _offset = (int)offset;
        return true;
    }

    private void MoveToSparse()
    {
        _sparse = new Dictionary<int, long>(Math.Max(UsedDense() * 2, 4));
        for (var i = 0; i < _dense.Length; i++)
        {
            if (_dense[i] != 0)
            {
                _sparse[_offset + i] = _dense[i];
            }
        }

        _dense = [];
    }

    private int UsedDense()
    {
        var used = 0;
        foreach (var c in _dense)
        {
            if (c != 0)
            {
                used++;
            }
        }

        return used;
    }
}
