namespace FlowOrleans.Streaming.Aggregation;

/// <summary>
/// <c>stddev</c>: population standard deviation of the values (Welford's update, Chan's parallel merge).
/// State: [n, mean, m2]. Null without values.
/// </summary>
public sealed class StdDevAggregator : ICustomAggregator
{
    public string Name => "stddev";

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

        var n = state[0] + 1;
        var delta = x - state[1];
        var mean = state[1] + (delta / n);
        state[0] = n;
        state[1] = mean;
        state[2] += delta * (x - mean);
    }

    public void Merge(Span<double> into, ReadOnlySpan<double> other)
    {
        if (other[0] == 0)
        {
            return;
        }

        var n = into[0] + other[0];
        var delta = other[1] - into[1];
        into[2] = into[2] + other[2] + (delta * delta * into[0] * other[0] / n);
        into[1] += delta * other[0] / n;
        into[0] = n;
    }

    public double? Result(ReadOnlySpan<double> state) => state[0] == 0 ? null : Math.Sqrt(Math.Max(0, state[2] / state[0]));
}
