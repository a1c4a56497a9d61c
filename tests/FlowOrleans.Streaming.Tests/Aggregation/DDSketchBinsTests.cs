using System.Text.Json;
using FlowOrleans.Streaming.Aggregation;

namespace FlowOrleans.Streaming.Tests.Aggregation;

/// <summary>
/// The sketch answers exactly what its definition says, whichever way its bins are stored (an array over a narrow
/// span, a dictionary over a wide or thin one, one and then the other as bins fill in, or a mix after merging): the quantile is the representative of the
/// bin holding the value of that rank, computed here from the sorted input with the bin formula restated.
/// </summary>
public class DDSketchBinsTests
{
    private static readonly double Gamma = (1 + DDSketch.RelativeAccuracy) / (1 - DDSketch.RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);
    private static readonly double[] Quantiles = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

    public static TheoryData<string> Inputs => ["narrow", "integers", "wide", "thin", "spread", "mixed-sign", "drifting", "few"];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Quantile_is_the_representative_of_the_bin_of_that_rank(string input)
    {
        var values = Values(input, new Random(input.Length * 31));
        var sketch = new DDSketch();
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        AssertMatchesDefinition(values, sketch, input);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Merged_and_reloaded_sketches_answer_as_the_sketch_of_all_values(string input)
    {
        var rng = new Random(input.Length * 17);
        var values = Values(input, rng);
        var extra = Values("wide", rng);
        var left = new DDSketch();
        var right = new DDSketch();
        foreach (var v in values)
        {
            left.Add(v);
        }

        foreach (var v in extra)
        {
            right.Add(v);
        }

        left.Merge(right);
        var all = values.Concat(extra).ToArray();
        AssertMatchesDefinition(all, left, input + "+wide");

        var copy = JsonSerializer.Deserialize<DDSketch>(JsonSerializer.Serialize(left))!;
        Assert.Equal(left.Positive.OrderBy(p => p.Key), copy.Positive.OrderBy(p => p.Key));
        Assert.Equal(left.Negative.OrderBy(p => p.Key), copy.Negative.OrderBy(p => p.Key));
        AssertMatchesDefinition(all, copy, input + " reloaded");
    }

    private static void AssertMatchesDefinition(double[] values, DDSketch sketch, string input)
    {
        var sorted = values.Order().ToArray();
        Assert.Equal(sorted.Length, sketch.Count);
        foreach (var q in Quantiles)
        {
            var x = sorted[(long)Math.Floor(q * (sorted.Length - 1))];
            var expected = x > 1e-12 ? Representative(x) : x < -1e-12 ? -Representative(-x) : 0;
            Assert.True(expected == sketch.Quantile(q), $"{input} q={q}: x {x}, expected {expected}, got {sketch.Quantile(q)}");
        }
    }

    private static double Representative(double magnitude)
    {
        var index = (int)Math.Ceiling(Math.Log(magnitude) / LogGamma);
        return 2 * Math.Pow(Gamma, index) / (Gamma + 1);
    }

    private static double[] Values(string input, Random rng)
    {
        var n = input == "few" ? 3 : 5_000;
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = input switch
            {
                "narrow" => 100 + (rng.NextDouble() * 50),
                "integers" => rng.Next(0, 1000),
                "wide" => Math.Pow(10, (rng.NextDouble() * 40) - 10),
                "spread" => Math.Exp((rng.NextDouble() * 24) - 12),
                "thin" => rng.Next(2) == 0 ? 1e-9 * (1 + rng.Next(3)) : 1e9 * (1 + rng.Next(3)),
                "mixed-sign" => (rng.NextDouble() - 0.4) * Math.Pow(10, rng.Next(-3, 7)),
                "drifting" => Math.Exp(i / 200.0) * (i % 2 == 0 ? 1 : -1),
                _ => (i - 1) * 1e6,
            };
        }

        return values;
    }
}
