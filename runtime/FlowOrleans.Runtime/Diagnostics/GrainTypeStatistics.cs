using System.Collections.Concurrent;

namespace FlowOrleans.Runtime;

/// <summary>Statistics of one grain type: its activation count and per-method call statistics.</summary>
internal sealed class GrainTypeStatistics(string grainType, RuntimeInstruments instruments)
{
    private readonly ConcurrentDictionary<GrainMethodDescriptor, CallStatistics> _methods = new();
    private long _activations;

    public string GrainType { get; } = grainType;

    public long Activations => Volatile.Read(ref _activations);

    public IEnumerable<CallStatistics> Methods => _methods.Values;

    public void ActivationAdded() => Interlocked.Increment(ref _activations);

    public void ActivationRemoved() => Interlocked.Decrement(ref _activations);

    public void Record(GrainMethodDescriptor method, long elapsedTimestampTicks, bool failed)
    {
        if (!_methods.TryGetValue(method, out var statistics))
        {
            statistics = _methods.GetOrAdd(method, static (m, type) => new CallStatistics(type, m), GrainType);
        }

        statistics.Record(elapsedTimestampTicks, failed);
        instruments.RecordCall(GrainType, method, elapsedTimestampTicks, failed);
    }
}
