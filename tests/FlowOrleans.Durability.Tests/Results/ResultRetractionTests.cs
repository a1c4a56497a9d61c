using FlowOrleans.Durability.Results;
using FlowOrleans.Durability.Tests.Support;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests.Results;

/// <summary>Retractions (session results withdrawn by a merge within allowed lateness) in the embedded result store.</summary>
public sealed class ResultRetractionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string RetractionsLog => Path.Combine(_dir.Path, "results", "retractions.log");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_retraction_removes_the_result_from_every_query_once()
    {
        await using var store = FileResultStore.Open(_dir.Path);
        await store.UpsertResultsAsync([Samples.Result("a", 5_000), Samples.Result("a", 0), Samples.Result("b", 5_000)]);
        var events = new List<WindowRetraction>();
        store.ResultsRetracted += events.AddRange;

        var changed = await store.RetractResultsAsync([Samples.Retraction("a", 5_000, revision: 1, replacedBy: 0)]);

        Assert.Single(changed);
        Assert.Single(events);
        Assert.Equal([("a", 0L), ("b", 5_000L)], Ids(store.Query("default", KeyFilter.Any, null, null, 100)));
        Assert.Empty(store.Query("default", KeyFilter.Exactly("a"), 5_000, 5_000, 100));
        Assert.Equal([("a", 0L), ("b", 5_000L)], Ids(store.Recent(100)).Order());
        Assert.Equal(2, store.ResultCount);

        // A replay of the retraction, or of the result it removed, changes nothing and raises nothing.
        Assert.Empty(await store.RetractResultsAsync([Samples.Retraction("a", 5_000, revision: 1, replacedBy: 0)]));
        Assert.Empty(await store.UpsertResultsAsync([Samples.Result("a", 5_000, revision: 0)]));
        Assert.Single(events);
        Assert.Equal(2, store.ResultCount);
    }

    [Fact]
    public async Task A_retraction_never_removes_a_result_of_its_revision_or_later()
    {
        await using var store = FileResultStore.Open(_dir.Path);
        await store.UpsertResultsAsync([Samples.Result("a", 0, revision: 3)]);
        Assert.Empty(await store.RetractResultsAsync([Samples.Retraction("a", 0, revision: 3)]));
        Assert.Single(store.Recent(10));

        // A retraction of a result this store never held is kept: in a cluster another process may hold it.
        Assert.Single(await store.RetractResultsAsync([Samples.Retraction("x", 0, revision: 2)]));
        Assert.Empty(await store.UpsertResultsAsync([Samples.Result("x", 0, revision: 1)]));
        Assert.Single(await store.UpsertResultsAsync([Samples.Result("x", 0, revision: 2)]));
    }

    [Fact]
    public async Task A_retraction_survives_a_restart_and_reaches_the_file_before_it_returns()
    {
        await using (var store = FileResultStore.Open(_dir.Path))
        {
            await store.UpsertResultsAsync([Samples.Result("a", 5_000), Samples.Result(null, 0)]);
            await store.RetractResultsAsync([Samples.Retraction("a", 5_000, replacedBy: 4_000)]);
            await store.UpsertResultsAsync([Samples.Result("a", 4_000, revision: 1)]);

            // No flush: what a kill -9 would leave is what the operating system already has.
            using var reader = new StreamReader(new FileStream(RetractionsLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            Assert.Contains("\"windowStart\":5000", await reader.ReadToEndAsync(), StringComparison.Ordinal);
        }

        await using (var store = FileResultStore.Open(_dir.Path))
        {
            Assert.Equal([(null, 0L), ("a", 4_000L)], Ids(store.Query("default", KeyFilter.Any, null, null, 100)));
            Assert.Equal(2, store.Recent(100).Count);
            Assert.Empty(await store.UpsertResultsAsync([Samples.Result("a", 5_000)]));
            Assert.Empty(await store.RetractResultsAsync([Samples.Retraction("a", 5_000, replacedBy: 4_000)]));
        }
    }

    [Fact]
    public async Task Retractions_survive_compaction_of_both_files_and_a_reopen()
    {
        await using (var store = FileResultStore.Open(_dir.Path, compactionMinLines: 10))
        {
            for (var i = 0; i < 20; i++)
            {
                await store.UpsertResultsAsync([Samples.Result("k" + i, 1_000 * i), Samples.Result("k" + i, (1_000 * i) - 500, revision: 1)]);
                await store.RetractResultsAsync([Samples.Retraction("k" + i, 1_000 * i, replacedBy: (1_000 * i) - 500)]);
            }

            // The same retractions again and updated results, as revisions climb: superseded lines for compaction to drop.
            for (var i = 0; i < 20; i++)
            {
                await store.RetractResultsAsync([Samples.Retraction("k" + i, 1_000 * i, revision: 2, replacedBy: (1_000 * i) - 500)]);
                await store.RetractResultsAsync([Samples.Retraction("k" + i, 1_000 * i, revision: 3, replacedBy: (1_000 * i) - 500)]);
                await store.UpsertResultsAsync([Samples.Result("k" + i, (1_000 * i) - 500, count: 2, revision: 3)]);
            }

            await store.FlushAsync();
            Assert.Equal(20, File.ReadAllLines(RetractionsLog).Length);
            Assert.Equal(20, File.ReadAllLines(Path.Combine(_dir.Path, "results", "results.log")).Length);
        }

        await using (var store = FileResultStore.Open(_dir.Path, compactionMinLines: 10))
        {
            var starts = store.Query("default", KeyFilter.Any, null, null, 100).Select(r => r.WindowStart).ToList();
            Assert.Equal(Enumerable.Range(0, 20).Select(i => (1_000L * i) - 500).Order(), starts.Order());
            Assert.All(store.Recent(100), r => Assert.Equal(2, r.Count));
            Assert.Empty(await store.UpsertResultsAsync([Samples.Result("k3", 3_000, revision: 2)]));
        }
    }

    private static IEnumerable<(string? Key, long Start)> Ids(IEnumerable<WindowResult> results) => results.Select(r => (r.Key, r.WindowStart));
}
