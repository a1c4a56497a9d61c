namespace FlowOrleans.Streaming.Aggregation;

/// <summary><c>range</c>: max - min of the values. State: [has values (0/1), min, max]. Null without values.</summary>
public sealed class RangeAggregator : ICustomAggregator
{
    public string Name => "range";

    public int StateSize => 3;

    public void Initialize(Span<double> state)
    {
    }

    public void Add(Span<double> state, StreamEvent e)
    {
        if (e.Value is not { } x)
        {
            return;
        }

        if (state[0] == 0)
        {
            state[0] = 1;
            state[1] = x;
            state[2] = x;
            return;
        }

        state[1] = Math.Min(state[1], x);
        state[2] = Math.Max(state[2], x);
    }

    public void Merge(Span<double> into, ReadOnlySpan<double> other)
    {
        if (other[0] == 0)
        {
            return;
        }

        if (into[0] == 0)
        {
            other.CopyTo(into);
            return;
        }

        into[1] = Math.Min(into[1], other[1]);
        into[2] = Math.Max(into[2], other[2]);
    }

    public double? Result(ReadOnlySpan<double> state) => state[0] == 0 ? null : state[2] - state[1];
}
