using System.Runtime.InteropServices;

namespace FlowOrleans.Streaming.Aggregation;

/// <summary>
/// A DDSketch quantile sketch (Masson, Rim, Lee, VLDB 2019) with relative accuracy <see cref="RelativeAccuracy"/> = 1%.
/// <para>Error bound: for <c>0 &lt;= q &lt;= 1</c> and <c>n</c> added values, <see cref="Quantile"/> returns a value
/// <c>v</c> with <c>|v - x| &lt;= 0.01 * |x|</c>, where <c>x</c> is the exact value of rank <c>floor(q * (n - 1))</c> in
/// the sorted input (0-based). Values with <c>|x| &lt; 1e-12</c> are counted as 0. Bins are never collapsed, so the
/// bound holds for any input; memory is one bin per 2% band of magnitude used (about 1,400 bins for 1e-6..1e6).</para>
/// Two sketches merge exactly (bin counts add), in any order: the merge of per-shard sketches equals the sketch of all values.
/// </summary>
public sealed class DDSketch
{
    public const double RelativeAccuracy = 0.01;
    private const double ZeroThreshold = 1e-12;
    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    /// <summary>Counts of positive values by bin index i (bin holds (gamma^(i-1), gamma^i]).</summary>
    public Dictionary<int, long> Positive { get; set; } = [];

    /// <summary>Counts of negative values by the bin index of their magnitude.</summary>
    public Dictionary<int, long> Negative { get; set; } = [];

    public long ZeroCount { get; set; }

    public long Count { get; set; }

    public void Add(double value)
    {
        Count++;
        if (value > ZeroThreshold)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(Positive, IndexOf(value), out _)++;
        }
        else if (value < -ZeroThreshold)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(Negative, IndexOf(-value), out _)++;
        }
        else
        {
            ZeroCount++;
        }
    }

    public void Merge(DDSketch other)
    {
        foreach (var (i, c) in other.Positive)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(Positive, i, out _) += c;
        }

        foreach (var (i, c) in other.Negative)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(Negative, i, out _) += c;
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
        var negative = SortedIndexes(Negative);
        for (var k = negative.Length - 1; k >= 0; k--)
        {
            seen += Negative[negative[k]];
            if (seen > rank)
            {
                return -ValueOf(negative[k]);
            }
        }

        seen += ZeroCount;
        if (seen > rank)
        {
            return 0;
        }

        foreach (var i in SortedIndexes(Positive))
        {
            seen += Positive[i];
            if (seen > rank)
            {
                return ValueOf(i);
            }
        }

        return ValueOf(SortedIndexes(Positive)[^1]);
    }

    private static int IndexOf(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) / LogGamma);

    private static double ValueOf(int index) => 2 * Math.Pow(Gamma, index) / (Gamma + 1);

    private static int[] SortedIndexes(Dictionary<int, long> bins)
    {
        var keys = new int[bins.Count];
        bins.Keys.CopyTo(keys, 0);
        Array.Sort(keys);
        return keys;
    }
}
