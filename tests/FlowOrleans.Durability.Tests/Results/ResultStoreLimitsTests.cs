using FlowOrleans.Durability.Results;
using FlowOrleans.Durability.Tests.Support;

namespace FlowOrleans.Durability.Tests.Results;

public sealed class ResultStoreLimitsTests : IDisposable
{
    private static readonly ResultStoreLimits Small = new() { MaxResults = 5, MaxLatePerPipeline = 10 };
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TheLeastRecentlyChangedResultsAreEvictedFromEveryQuery()
    {
        var store = new InMemoryResultStore(Small);
        await store.UpsertResultsAsync(Enumerable.Range(0, 5).Select(i => Samples.Result($"k{i}", 0)).ToList());
        await store.UpsertResultsAsync([Samples.Result("k0", 0, count: 2), Samples.Result("k5", 0)]);

        Assert.Equal(5, store.ResultCount);
        Assert.Equal(["k2", "k3", "k4", "k0", "k5"], store.Recent(10).Select(r => r.Key));
        Assert.Equal(["k0", "k2", "k3", "k4", "k5"], store.Query("default", KeyFilter.Any, null, null, 10).Select(r => r.Key));
        Assert.Empty(store.Query("default", KeyFilter.Exactly("k1"), null, null, 10));
    }

    [Fact]
    public async Task OldLateRecordsGoInChunksPerPipeline()
    {
        var store = new InMemoryResultStore(Small);
        await store.AppendLateAsync(Enumerable.Range(0, 11).Select(i => Samples.Late(0, i)).ToList());

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), store.Late("default", 100).Select(r => r.Offset));
        Assert.Equal(10, store.LateCount);
    }

    [Fact]
    public async Task EvictedEntriesLeaveTheFilesAtCompactionAndAReopenAnswersTheSame()
    {
        await using (var store = FileResultStore.Open(_dir.Path, compactionMinLines: 8, limits: Small))
        {
            await store.UpsertResultsAsync(Enumerable.Range(0, 20).Select(i => Samples.Result($"k{i}", i * 10_000L)).ToList());
            await store.AppendLateAsync(Enumerable.Range(0, 25).Select(i => Samples.Late(0, i)).ToList());
            await store.FlushAsync();
        }

        Assert.Equal(5, File.ReadAllLines(Path.Combine(_dir.Path, "results", "results.log")).Length);
        Assert.Equal(10, File.ReadAllLines(Path.Combine(_dir.Path, "results", "late.log")).Length);
        await using (var store = FileResultStore.Open(_dir.Path, compactionMinLines: 8, limits: Small))
        {
            Assert.Equal(Enumerable.Range(15, 5).Select(i => $"k{i}"), store.Recent(100).Select(r => r.Key));
            Assert.Equal(Enumerable.Range(15, 10).Select(i => (long)i), store.Late("default", 100).Select(r => r.Offset));
        }
    }
}
