using FlowOrleans.Durability.Results;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Tests.Differential;

namespace FlowOrleans.Failover.Tests.Infrastructure;

/// <summary>Compares what a cluster stored with the batch recomputation, exactly.</summary>
internal static class ExactComparison
{
    /// <summary>The (key, window start) of every window the oracle says has fired by <paramref name="watermark"/>.</summary>
    public static HashSet<(string Key, long Start)> FiredBy(BatchOracle oracle, long watermark) =>
        [.. oracle.Windows.Where(w => w.Value.End <= watermark).Select(w => w.Key)];

    public static HashSet<(string Key, long Start)> Stored(IResultStore results, string pipeline) =>
        [.. results.Query(pipeline, KeyFilter.Any, null, null, 100_000).Select(r => (BatchOracle.KeyOf(r.Key), r.WindowStart))];

    /// <summary>Every fired window's count, sum, min, max and avg, and every late record, match; nothing else is there.</summary>
    public static void AssertMatches(BatchOracle oracle, long watermark, IResultStore results, string pipeline)
    {
        var stored = results.Query(pipeline, KeyFilter.Any, null, null, 100_000).ToDictionary(r => (BatchOracle.KeyOf(r.Key), r.WindowStart));
        var expected = oracle.Windows.Where(w => w.Value.End <= watermark).ToList();
        Assert.Equal(expected.Count, stored.Count);
        foreach (var (id, window) in expected)
        {
            Assert.True(stored.TryGetValue(id, out var actual), $"window {id} is missing");
            Assert.Equal(window.End, actual.WindowEnd);
            Assert.True(window.Values.Count == actual.Count, $"window {id}: count {actual.Count}, expected {window.Values.Count}");
            var values = window.Values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
            if (values.Count == 0)
            {
                Assert.Null(actual.Sum);
                continue;
            }

            AssertClose(values.Sum(), actual.Sum!.Value, id);
            Assert.Equal(values.Min(), actual.Min);
            Assert.Equal(values.Max(), actual.Max);
            AssertClose(values.Sum() / values.Count, actual.Avg!.Value, id);
        }

        var expectedLate = oracle.Late.OrderBy(l => l.Id, StringComparer.Ordinal).ThenBy(l => l.WindowStart).ToList();
        var actualLate = results.Late(pipeline, 1_000_000).Select(l => (l.Id, l.WindowStart))
            .OrderBy(l => l.Id, StringComparer.Ordinal).ThenBy(l => l.WindowStart).ToList();
        Assert.Equal(expectedLate, actualLate);
    }

    private static void AssertClose(double expected, double actual, (string, long) id) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"window {id}: expected {expected}, got {actual}");
}
