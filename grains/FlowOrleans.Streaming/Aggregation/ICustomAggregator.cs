namespace FlowOrleans.Streaming.Aggregation;

/// <summary>
/// A user aggregate named in pipeline definitions. Its state is a fixed number of doubles (so it persists and
/// merges trivially); implementations must be stateless and deterministic. Register with <see cref="AggregatorRegistry.Register"/>.
/// </summary>
public interface ICustomAggregator
{
    /// <summary>The name used in <c>aggregates</c> (1-64 of <c>[A-Za-z0-9_-]</c>, not a built-in or <c>pNN</c>).</summary>
    string Name { get; }

    /// <summary>How many doubles of state one group needs.</summary>
    int StateSize { get; }

    /// <summary>Sets the initial (empty) state. The span is zeroed before the call.</summary>
    void Initialize(Span<double> state);

    /// <summary>Adds one event (including events without a value, if the aggregate counts them).</summary>
    void Add(Span<double> state, StreamEvent e);

    /// <summary>Merges <paramref name="other"/> into <paramref name="into"/> (associative and commutative).</summary>
    void Merge(Span<double> into, ReadOnlySpan<double> other);

    /// <summary>The aggregate's value, or null when it has none (e.g. no values).</summary>
    double? Result(ReadOnlySpan<double> state);
}
