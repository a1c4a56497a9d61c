using System.Text.Json;
using FlowOrleans.Streaming.Aggregation;

namespace FlowOrleans.Streaming.Tests.Aggregation;

public class DDSketchTests
{
    private static readonly double[] Quantiles = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

    public static TheoryData<string> Distributions => ["uniform", "lognormal", "mixed-sign", "integers"];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Quantiles_are_within_one_percent_of_the_exact_value(string distribution)
    {
        var rng = new Random(distribution.Length);
        var values = new double[20_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = distribution switch
            {
                "uniform" => rng.NextDouble() * 1000,
                "lognormal" => Math.Exp(Normal(rng) * 3),
                "mixed-sign" => (rng.NextDouble() - 0.3) * 1e6,
                _ => rng.Next(-3, 50),
            };
        }

        var sketch = new DDSketch();
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        Array.Sort(values);
        foreach (var q in Quantiles)
        {
            var exact = values[(int)Math.Floor(q * (values.Length - 1))];
            var estimate = sketch.Quantile(q)!.Value;
            Assert.True(Math.Abs(estimate - exact) <= (DDSketch.RelativeAccuracy * Math.Abs(exact)) + 1e-12,
                $"{distribution} q={q}: exact {exact}, estimate {estimate}");
        }
    }

    [Fact]
    public void Merged_sketches_equal_the_sketch_of_all_values()
    {
        var rng = new Random(5);
        var all = new DDSketch();
        var left = new DDSketch();
        var right = new DDSketch();
        for (var i = 0; i < 5_000; i++)
        {
            var v = (rng.NextDouble() - 0.5) * 100;
            all.Add(v);
            (i % 3 == 0 ? left : right).Add(v);
        }

        right.Merge(left);
        foreach (var q in Quantiles)
        {
            Assert.Equal(all.Quantile(q), right.Quantile(q));
        }

        var copy = JsonSerializer.Deserialize<DDSketch>(JsonSerializer.Serialize(right))!;
        Assert.Equal(all.Quantile(0.99), copy.Quantile(0.99));
    }

    [Fact]
    public void Empty_sketch_has_no_quantile_and_zeros_are_exact()
    {
        var sketch = new DDSketch();
        Assert.Null(sketch.Quantile(0.5));
        sketch.Add(0);
        sketch.Add(0);
        sketch.Add(10);
        Assert.Equal(0, sketch.Quantile(0.5));
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
