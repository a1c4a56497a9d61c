using FlowOrleans.AzureStorage.Tests;
using FlowOrleans.Durability.AzureTables.Results;
using FlowOrleans.Durability.Results;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.AzureTables.Tests.Results;

[Collection(AzuriteCollection.Name)]
public sealed class TableResultStoreTests(AzuriteFixture azurite)
{
    private readonly AzureTableResultStoreOptions _options = new()
    {
        ConnectionString = azurite.ConnectionString,
        ResultsTableName = AzuriteFixture.UniqueTableName("results"),
        LateTableName = AzuriteFixture.UniqueTableName("late"),
        JournalTableName = AzuriteFixture.UniqueTableName("journal"),
        MinPollInterval = TimeSpan.FromMilliseconds(20),
        MaxPollInterval = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task A_mirror_started_later_rebuilds_every_flushed_result_and_late_record()
    {
        await using (var silo = new AzureTableResultStore(_options))
        {
            await silo.UpsertResultsAsync([Result("a", 0, count: 1), Result(null, 0, count: 2), Result("a", 10_000, count: 3)]);
            await silo.UpsertResultsAsync([Result("a", 0, count: 4, revision: 1)]);
            await silo.AppendLateAsync([Late(1, 7, 0), Late(1, 8, 0)]);
            await silo.FlushAsync();
        }

        var mirror = await ResultMirror.StartAsync(_options);
        try
        {
            Assert.True(mirror.Ready);
            var results = mirror.Query("default", KeyFilter.Any, null, null, 100);
            Assert.Equal([(null, 0L, 2L), ("a", 0, 4), ("a", 10_000, 3)], results.Select(r => (r.Key, r.WindowStart - 1_700_000_000_000, r.Count)));
            Assert.Equal([7L, 8], mirror.Late("default", 10).Select(l => l.Offset));
        }
        finally
        {
            await mirror.StopAsync();
        }
    }

    [Fact]
    public async Task A_running_mirror_follows_every_silo_and_raises_each_change_once()
    {
        var mirror = await ResultMirror.StartAsync(_options);
        var changes = new List<WindowResult>();
        var late = new List<LateEventRecord>();
        mirror.ResultsChanged += r => { lock (changes) { changes.AddRange(r); } };
        mirror.LateAppended += l => { lock (late) { late.AddRange(l); } };
        await using var siloA = new AzureTableResultStore(_options);
        await using var siloB = new AzureTableResultStore(_options);
        try
        {
            await siloA.UpsertResultsAsync([Result("a", 0, count: 1)]);
            await siloA.AppendLateAsync([Late(0, 3, 0)]);
            await siloA.FlushAsync();

            // After a failover the window fires again on another silo: same content, a later emittedAt; and a replayed late record.
            await siloB.UpsertResultsAsync([Result("a", 0, count: 1) with { EmittedAt = 99 }, Result("b", 0, count: 5)]);
            await siloB.AppendLateAsync([Late(0, 3, 0), Late(0, 4, 0)]);
            await siloB.FlushAsync();

            await Eventually.TrueAsync(() => Task.FromResult(mirror.ResultCount == 2 && mirror.LateCount == 2), "the mirror has both silos' changes");
            await mirror.PollOnceAsync();
            lock (changes)
            {
                Assert.Equal(["a", "b"], changes.Select(c => c.Key));
            }

            lock (late)
            {
                Assert.Equal([3L, 4], late.Select(l => l.Offset));
            }

            Assert.Equal(5, mirror.Query("default", KeyFilter.Exactly("b"), null, null, 10)[0].Count);
            Assert.Equal(["a", "b"], mirror.Recent(10).Select(r => r.Key));
        }
        finally
        {
            await mirror.StopAsync();
        }
    }

    [Fact]
    public async Task A_retraction_deletes_the_entity_and_every_mirror_drops_the_result()
    {
        var mirror = await ResultMirror.StartAsync(_options);
        var retracted = new List<WindowRetraction>();
        mirror.ResultsRetracted += r => { lock (retracted) { retracted.AddRange(r); } };
        try
        {
            await using (var silo = new AzureTableResultStore(_options))
            {
                await silo.UpsertResultsAsync([Result("a", 5_000, count: 1), Result("a", 0, count: 2, revision: 1)]);
                await silo.FlushAsync();
                var retraction = new WindowRetraction
                {
                    Pipeline = "default", Key = "a", WindowStart = 1_700_000_005_000, Revision = 1, ReplacedBy = 1_700_000_000_000, RetractedAt = 1,
                };
                Assert.Single(await silo.RetractResultsAsync([retraction]));
                Assert.Empty(await silo.RetractResultsAsync([retraction]));
                await silo.FlushAsync();
            }

            await Eventually.TrueAsync(() => Task.FromResult(mirror.ResultCount == 1), "the running mirror drops the retracted result");
            lock (retracted)
            {
                Assert.Equal([1_700_000_005_000L], retracted.Select(r => r.WindowStart));
            }
        }
        finally
        {
            await mirror.StopAsync();
        }

        var rebuilt = await ResultMirror.StartAsync(_options);
        await rebuilt.StopAsync();
        Assert.Equal([0L], rebuilt.Query("default", KeyFilter.Any, null, null, 10).Select(r => r.WindowStart - 1_700_000_000_000));
    }

    [Fact]
    public async Task Flush_waits_until_the_tables_have_the_changes()
    {
        await using var silo = new AzureTableResultStore(_options);
        await silo.UpsertResultsAsync(Enumerable.Range(0, 250).Select(i => Result("k" + i, 0, count: i + 1)).ToList());
        await silo.FlushAsync();

        var mirror = await ResultMirror.StartAsync(_options);
        await mirror.StopAsync();
        Assert.Equal(250, mirror.ResultCount);
    }

    private static WindowResult Result(string? key, long start, long count, int revision = 0) => new()
    {
        Pipeline = "default",
        Key = key,
        WindowStart = 1_700_000_000_000 + start,
        WindowEnd = 1_700_000_010_000 + start,
        Count = count,
        Sum = count,
        Min = 1,
        Max = count,
        Avg = 1,
        EmittedAt = 1,
        Revision = revision,
    };

    private static LateEventRecord Late(int partition, long offset, long start) => new()
    {
        Pipeline = "default",
        Id = $"e{partition}-{offset}",
        Ts = 1_700_000_000_500 + start,
        WindowStart = 1_700_000_000_000 + start,
        Watermark = 1_700_000_020_000,
        ReceivedAt = 1_700_000_030_000 + offset,
        Partition = partition,
        Offset = offset,
    };
}
