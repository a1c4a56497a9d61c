namespace FlowOrleans.Streaming.Aggregation;

/// <summary>
/// The running aggregate of one group in one window: count (every event), and sum/min/max/avg over the events
/// that have a value, plus a <see cref="DDSketch"/> and custom states when the <see cref="AggregatePlan"/> asks for
/// them. Mergeable; plain properties so it serializes with System.Text.Json.
/// </summary>
public sealed class Accumulator
{
    public long Count { get; set; }

    /// <summary>How many events had a value (the divisor of avg).</summary>
    public long ValueCount { get; set; }

    public double Sum { get; set; }

    public double Min { get; set; }

    public double Max { get; set; }

    public DDSketch? Sketch { get; set; }

    /// <summary>The custom aggregators' states, laid out by <see cref="AggregatePlan.CustomOffsets"/>.</summary>
    public double[]? Custom { get; set; }

    /// <summary>The last revision emitted for this group: -1 before the window fired, 0 at firing, 1, 2… for updates.</summary>
    public int Revision { get; set; } = -1;

    public void Add(StreamEvent e, AggregatePlan plan)
    {
        Count++;
        if (e.Value is { } v)
        {
            if (ValueCount == 0)
            {
                Min = v;
                Max = v;
            }
            else
            {
                if (v < Min)
                {
                    Min = v;
                }

                if (v > Max)
                {
                    Max = v;
                }
            }

            ValueCount++;
            Sum += v;
            if (plan.NeedsSketch)
            {
                (Sketch ??= new DDSketch()).Add(v);
            }
        }

        if (plan.Customs.Length > 0)
        {
            var state = EnsureCustom(plan);
            for (var i = 0; i < plan.Customs.Length; i++)
            {
                var c = plan.Customs[i];
                c.Add(state.AsSpan(plan.CustomOffsets[i], c.StateSize), e);
            }
        }
    }

    public void Merge(Accumulator other, AggregatePlan plan)
    {
        Count += other.Count;
        if (other.ValueCount > 0)
        {
            Min = ValueCount == 0 ? other.Min : Math.Min(Min, other.Min);
            Max = ValueCount == 0 ? other.Max : Math.Max(Max, other.Max);
            ValueCount += other.ValueCount;
            Sum += other.Sum;
        }

        if (other.Sketch is not null)
        {
            (Sketch ??= new DDSketch()).Merge(other.Sketch);
        }

        if (plan.Customs.Length > 0 && other.Custom is not null)
        {
            var state = EnsureCustom(plan);
            for (var i = 0; i < plan.Customs.Length; i++)
            {
                var c = plan.Customs[i];
                var o = plan.CustomOffsets[i];
                c.Merge(state.AsSpan(o, c.StateSize), other.Custom.AsSpan(o, c.StateSize));
            }
        }
    }

    public WindowResult ToResult(string pipeline, string? key, long windowStart, long windowEnd, long emittedAt, int revision, AggregatePlan plan)
    {
        Dictionary<string, double?>? named = null;
        if (plan.HasNamedAggregates)
        {
            named = new Dictionary<string, double?>(StringComparer.Ordinal);
            for (var i = 0; i < plan.Quantiles.Length; i++)
            {
                // The sketch's estimate is within 1% of the true quantile, which lies in [Min, Max]: clamping only brings it
                // closer, and a p99 never reads above the window's max.
                var estimate = Sketch?.Quantile(plan.Quantiles[i]);
                named[plan.PercentileNames[i]] = estimate is { } e && ValueCount > 0 ? Math.Clamp(e, Min, Max) : estimate;
            }

            for (var i = 0; i < plan.Customs.Length; i++)
            {
                var c = plan.Customs[i];
                named[c.Name] = c.Result(EnsureCustom(plan).AsSpan(plan.CustomOffsets[i], c.StateSize));
            }
        }

        var hasValues = ValueCount > 0;
        return new WindowResult
        {
            Pipeline = pipeline,
            Key = key,
            WindowStart = windowStart,
            WindowEnd = windowEnd,
            Count = Count,
            Sum = hasValues ? Sum : null,
            Min = hasValues ? Min : null,
            Max = hasValues ? Max : null,
            Avg = hasValues ? Sum / ValueCount : null,
            EmittedAt = emittedAt,
            Revision = revision,
            Aggregates = named,
        };
    }

    private double[] EnsureCustom(AggregatePlan plan)
    {
        if (Custom is { } existing && existing.Length == plan.CustomStateSize)
        {
            return existing;
        }

        var state = new double[plan.CustomStateSize];
        for (var i = 0; i < plan.Customs.Length; i++)
        {
            var c = plan.Customs[i];
            c.Initialize(state.AsSpan(plan.CustomOffsets[i], c.StateSize));
        }

        Custom = state;
        return state;
    }
}
