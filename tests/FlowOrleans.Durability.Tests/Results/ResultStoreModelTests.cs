using FlowOrleans.Durability.Results;
using FlowOrleans.Durability.Tests.Support;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests.Results;

/// <summary>Random upserts, reopens and queries (seeded) against the file store, checked against a plain model.</summary>
public sealed class ResultStoreModelTests : IDisposable
{
    private static readonly string?[] Keys = [null, "a", "b", "B", "c"];
    private static readonly string[] Pipelines = ["default", "alerts"];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task TheStoreAnswersLikeItsModel(int seed)
    {
        var random = new Random(seed);
        var model = new Dictionary<ResultId, WindowResult>();
        var recency = new List<ResultId>();
        var store = FileResultStore.Open(_dir.Path, compactionMinLines: 20);
        try
        {
            for (var step = 0; step < 300; step++)
            {
                var action = random.Next(10);
                if (action < 6)
                {
                    var batch = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Samples.Result(
                        Keys[random.Next(Keys.Length)],
                        random.Next(6) * 10_000L,
                        count: random.Next(1, 3),
                        revision: random.Next(3),
                        pipeline: Pipelines[random.Next(2)],
                        emittedAt: random.Next(1000))).ToList();
                    var expectedChanges = new List<WindowResult>();
                    foreach (var r in batch)
                    {
                        var id = new ResultId(r.Pipeline, r.Key, r.WindowStart);
                        if (!model.TryGetValue(id, out var old) || r.Revision > old.Revision || (r.Revision == old.Revision && r.Count != old.Count))
                        {
                            model[id] = r;
                            recency.Remove(id);
                            recency.Add(id);
                            expectedChanges.Add(r);
                        }
                    }

                    Assert.Equal(expectedChanges, await store.UpsertResultsAsync(batch));
                }
                else if (action == 6)
                {
                    await store.FlushAsync();
                    await store.DisposeAsync();
                    store = FileResultStore.Open(_dir.Path, compactionMinLines: 20);
                }
                else
                {
                    var pipeline = Pipelines[random.Next(2)];
                    var filter = random.Next(2) == 0 ? KeyFilter.Any : KeyFilter.Exactly(Keys[random.Next(Keys.Length)]);
                    long? from = random.Next(3) == 0 ? null : random.Next(6) * 10_000L;
                    long? to = random.Next(3) == 0 ? null : random.Next(6) * 10_000L;
                    var limit = random.Next(0, 30);
                    var expected = model.Values
                        .Where(r => r.Pipeline == pipeline && filter.Matches(r.Key) && r.WindowStart >= (from ?? long.MinValue) && r.WindowStart <= (to ?? long.MaxValue))
                        .OrderBy(r => r.WindowStart).ThenBy(r => r.Key, StringComparer.Ordinal)
                        .Take(limit);
                    Assert.Equal(expected, store.Query(pipeline, filter, from, to, limit));
                    Assert.Equal(recency.TakeLast(limit).Select(id => model[id]), store.Recent(limit));
                }

                Assert.Equal(model.Count, store.ResultCount);
            }
        }
        finally
        {
            await store.DisposeAsync();
        }
    }
}
