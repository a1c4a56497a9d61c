namespace FlowOrleans.Streaming.Aggregation;

/// <summary>
/// A DDSketch quantile sketch (Masson, Rim, Lee, VLDB 2019) with relative accuracy <see cref="RelativeAccuracy"/> = 1%.
/// <para>Error bound: for <c>0 &lt;= q &lt;= 1</c> and <c>n</c> added values, <see cref="Quantile"/> returns a value
/// <c>v</c> with <c>|v - x| &lt;= 0.01 * |x|</c>, where <c>x</c> is the exact value of rank <c>floor(q * (n - 1))</c> in
/// the sorted input (0-based). Values with <c>|x| &lt; 1e-12</c> are counted as 0. Bins are never collapsed, so the
/// bound holds for any input; memory is one bin per 2% band of magnitude used (about 1,400 bins for 1e-6..1e6), held
/// in an array over the span of bins used while it is dense enough (<see cref="SketchBins"/>), else in a dictionary.</para>
/// Two sketches merge exactly (bin counts add), in any order: the merge of per-shard sketches equals the sketch of all values.
/// </summary>
public sealed class DDSketch
{
    public const double RelativeAccuracy = 0.01;
    private const double ZeroThreshold = 1e-12;
    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    private SketchBins _positive = new();
    private SketchBins? _negative;

    /// <summary>Counts of positive values by bin index i (bin holds (gamma^(i-1), gamma^i]); a copy, the serialized form.</summary>
    public Dictionary<int, long> Positive
    {
        get => _positive.ToDictionary();
        set => _positive = Load(value);
    }

    /// <summary>Counts of negative values by the bin index of their magnitude; a copy, the serialized form.</summary>
    public Dictionary<int, long> Negative
    {
        get => _negative?.ToDictionary() ?? [];
        set => _negative = value.Count == 0 ? null : Load(value);
    }

    public long ZeroCount { get; set; }

    public long Count { get; set; }

    public void Add(double value)
    {
        Count++;
        if (value > ZeroThreshold)
        {
            _positive.Add(IndexOf(value), 1);
        }
        else if (value < -ZeroThreshold)
        {
            (_negative ??= new SketchBins()).Add(IndexOf(-value), 1);
        }
        else
        {
            ZeroCount++;
        }
    }

    public void Merge(DDSketch other)
    {
        other._positive.AddTo(_positive);
        if (other._negative is { } negative)
        {
            negative.AddTo(_negative ??= new SketchBins());
        }

        ZeroCount += other.ZeroCount;
        Count += other.Count;
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1) within the documented bound; null when empty.</summary>
    public double? Quantile(double q)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = (long)Math.Floor(Math.Clamp(q, 0, 1) * (Count - 1));
        long seen = 0;
        if (_negative is not null && _negative.TryFindRank(rank, descending: true, ref seen, out var negative))
        {
            return -ValueOf(negative);
        }

        seen += ZeroCount;
        if (seen > rank)
        {
            return 0;
        }

        return ValueOf(_positive.TryFindRank(rank, descending: false, ref seen, out var positive) ? positive : _positive.MaxIndex());
    }

    private static SketchBins Load(Dictionary<int, long> bins)
    {
        var store = new SketchBins();
        var indexes = new int[bins.Count];
        bins.Keys.CopyTo(indexes, 0);
        Array.Sort(indexes);
        foreach (var i in indexes)
        {
            if (bins[i] > 0)
            {
                store.Add(i, bins[i]);
            }
        }

        return store;
    }

    private static int IndexOf(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) / LogGamma);

    private static double ValueOf(int index) => 2 * Math.Pow(Gamma, index) / (Gamma + 1);
}
