using System.Globalization;
using System.Text.RegularExpressions;

namespace FlowOrleans.Api.Tests;

/// <summary>A strict reader of the Prometheus text format 0.0.4, used to check what /metrics serves.</summary>
public static partial class PrometheusFormat
{
    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    /// <summary>Parses the exposition; throws with the offending line when it breaks the format. Returns samples by full series text.</summary>
    public static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var m = TypeLine().Match(line);
                Assert.True(m.Success, $"bad TYPE line: {line}");
                Assert.True(types.TryAdd(m.Groups[1].Value, m.Groups[2].Value), $"second TYPE line for {m.Groups[1].Value}");
                continue;
            }

            if (line.StartsWith('#'))
            {
                Assert.StartsWith("# HELP ", line, StringComparison.Ordinal);
                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"bad sample line: {line}");
            var name = sample.Groups[1].Value;
            var family = types.Keys.FirstOrDefault(t => name == t || (types[t] == "histogram" && (name == t + "_bucket" || name == t + "_sum" || name == t + "_count")));
            Assert.True(family is not null, $"sample {name} has no TYPE line before it");
            var series = name + sample.Groups[2].Value;
            Assert.True(samples.TryAdd(series, ParseValue(sample.Groups[3].Value)), $"duplicate series {series}");
        }

        return samples;
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };
}
