using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.Streaming.Tests.Differential;

namespace FlowOrleans.Api.Tests.Differential;

/// <summary>Reads a pipeline's results and late events over HTTP and compares them exactly with the batch recomputation.</summary>
internal static class NodeComparison
{
    /// <summary>How many (event, window) pairs the oracle put in windows and in late records: for sizing checks.</summary>
    public static (long Counted, int Late) Totals(BatchOracle oracle, long watermark) =>
        (oracle.Windows.Values.Where(w => w.End <= watermark).Sum(w => (long)w.Values.Count), oracle.Late.Count);

    /// <summary>Waits until the node shows as many results as the oracle expects, then compares each one and each late event.</summary>
    public static Task AssertMatchesAsync(FlowApi api, PipelineDefinition pipeline, BatchOracle oracle, long watermark) =>
        AssertMatchesAsync(api, pipeline, oracle.Windows.Where(w => w.Value.End <= watermark).ToDictionary(w => w.Key, w => w.Value), oracle.Late);

    /// <summary>Waits until the node shows as many results as <paramref name="expected"/>, then compares each one and each late event with <paramref name="expectedLate"/>.</summary>
    public static async Task AssertMatchesAsync(
        FlowApi api, PipelineDefinition pipeline, Dictionary<(string Key, long Start), OracleWindow> expected, IReadOnlyList<(string Id, long WindowStart)> expectedLateRecords)
    {
        // Wait for the last firings to reach the store; then compare whatever is there, so a failure says which window differs.
        var results = await Eventually.LastValueAsync(() => api.ResultsAsync($"pipeline={pipeline.Name}&limit=100000"), r => r.Count >= expected.Count);
        var late = await Eventually.LastValueAsync(() => api.LateAsync(pipeline.Name), l => l.Count >= expectedLateRecords.Count);

        var actual = new Dictionary<(string, long), WindowResult>();
        foreach (var r in results)
        {
            Assert.True(actual.TryAdd((BatchOracle.KeyOf(r.Key), r.WindowStart), r), $"{pipeline.Name}: window ({r.Key}, {r.WindowStart}) shows twice");
        }

        var missing = expected.Keys.Where(id => !actual.ContainsKey(id)).Order().Take(10).ToList();
        var extra = actual.Keys.Where(id => !expected.ContainsKey(id)).Order().Take(10).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{pipeline.Name}: {actual.Count} results, expected {expected.Count}; missing {string.Join(", ", missing)}; unexpected {string.Join(", ", extra)}");
        foreach (var (id, window) in expected)
        {
            var r = actual[id];
            Assert.Equal(window.End, r.WindowEnd);
            Assert.True(window.Values.Count == r.Count, $"{pipeline.Name}: window {id} counts {r.Count}, expected {window.Values.Count}");
            var values = window.Values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
            if (values.Count == 0)
            {
                Assert.Null(r.Sum);
                Assert.Null(r.Min);
                Assert.Null(r.Max);
                Assert.Null(r.Avg);
                continue;
            }

            AssertClose(values.Sum(), r.Sum, pipeline.Name, id);
            Assert.Equal(values.Min(), r.Min);
            Assert.Equal(values.Max(), r.Max);
            AssertClose(values.Average(), r.Avg, pipeline.Name, id);
        }

        var expectedLate = expectedLateRecords.Order().ToList();
        var actualLate = late.Select(l => (l.Id, l.WindowStart)).Order().ToList();
        var lostLate = expectedLate.Except(actualLate).Take(10).ToList();
        var extraLate = actualLate.Except(expectedLate).Take(10).ToList();
        Assert.True(lostLate.Count == 0 && extraLate.Count == 0 && actualLate.Count == expectedLate.Count,
            $"{pipeline.Name}: {actualLate.Count} late records, expected {expectedLate.Count}; missing {string.Join(", ", lostLate)}; unexpected {string.Join(", ", extraLate)}");
    }

    private static void AssertClose(double expected, double? actual, string pipeline, (string, long) id)
    {
        Assert.True(actual.HasValue && Math.Abs(expected - actual.Value) <= 1e-9 * Math.Max(1, Math.Abs(expected)),
            $"{pipeline}: window {id} expected {expected}, got {actual}");
    }
}
