namespace FlowOrleans.Streaming.Aggregation;

/// <summary>
/// The aggregates of one pipeline, resolved once by <see cref="AggregatorRegistry.Resolve"/>: which percentiles
/// (so whether a <see cref="DDSketch"/> is kept) and which custom aggregators, with their state slices.
/// count/sum/min/max/avg are always computed (they fill <see cref="WindowResult"/>'s fixed fields).
/// </summary>
public sealed class AggregatePlan
{
    public AggregatePlan(IReadOnlyList<(string Name, double Quantile)> percentiles, IReadOnlyList<ICustomAggregator> customs)
    {
        PercentileNames = new string[percentiles.Count];
        Quantiles = new double[percentiles.Count];
        for (var i = 0; i < percentiles.Count; i++)
        {
            (PercentileNames[i], Quantiles[i]) = percentiles[i];
        }

        Customs = [.. customs];
        CustomOffsets = new int[Customs.Length];
        var offset = 0;
        for (var i = 0; i < Customs.Length; i++)
        {
            CustomOffsets[i] = offset;
            offset += Customs[i].StateSize;
        }

        CustomStateSize = offset;
    }

    /// <summary>count, sum, min, max, avg only.</summary>
    public static AggregatePlan Basic { get; } = new([], []);

    public string[] PercentileNames { get; }

    public double[] Quantiles { get; }

    public ICustomAggregator[] Customs { get; }

    public int[] CustomOffsets { get; }

    public int CustomStateSize { get; }

    public bool NeedsSketch => Quantiles.Length > 0;

    /// <summary>True when results carry <see cref="WindowResult.Aggregates"/>.</summary>
    public bool HasNamedAggregates => Quantiles.Length > 0 || Customs.Length > 0;
}
