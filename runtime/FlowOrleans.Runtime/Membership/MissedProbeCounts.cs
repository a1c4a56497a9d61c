namespace FlowOrleans.Runtime.Membership;

/// <summary>Consecutive missed probes per monitored silo; a probe that succeeds resets its count. Thread-safe.</summary>
internal sealed class MissedProbeCounts
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, int> _counts = [];

    /// <summary>Counts a missed probe of <paramref name="silo"/> and returns the silo's count.</summary>
    public int Missed(SiloAddress silo)
    {
        lock (_lock)
        {
            var count = _counts.GetValueOrDefault(silo) + 1;
            _counts[silo] = count;
            return count;
        }
    }

    /// <summary>Resets the count of <paramref name="silo"/>.</summary>
    public void Succeeded(SiloAddress silo)
    {
        lock (_lock)
        {
            _counts[silo] = 0;
        }
    }

    /// <summary>Forgets the silos that are no longer monitored.</summary>
    public void KeepOnly(IReadOnlyList<SiloAddress> monitored)
    {
        lock (_lock)
        {
            foreach (var silo in _counts.Keys.Where(s => !monitored.Contains(s)).ToList())
            {
                _counts.Remove(silo);
            }
        }
    }

    /// <summary>A copy of the counts, for the oracle.</summary>
    public IReadOnlyDictionary<SiloAddress, int> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<SiloAddress, int>(_counts);
        }
    }
}
