using FlowOrleans.AzureStorage.Tests;
using FlowOrleans.Durability.AzureTables.Log;
using FlowOrleans.Durability.AzureTables.Tests.Infrastructure;
using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.AzureTables.Tests.Log;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableIngestLogTests(AzuriteFixture azurite)
{
    private readonly AzureTableIngestLogOptions _options = TableLogOptions.OnFreshTables(azurite);

    [Fact]
    public async Task Appends_get_dense_offsets_per_partition_and_read_back_in_order()
    {
        await using var log = await AzureTableIngestLog.OpenAsync(_options);

        var first = await log.AppendAsync([(0, Event("a")), (1, Event("b")), (0, Event("c"))]);
        var second = await log.AppendAsync([(0, Event("d")), (2, Event("e"))]);

        Assert.Equal([0L, 0, 1], first);
        Assert.Equal([2L, 0], second);
        Assert.Equal(3, log.GetEndOffset(0));
        Assert.Equal(["a", "c", "d"], (await log.ReadAsync(0, 0, 100)).Select(e => e.Event.Id));
        Assert.Equal(["c", "d"], (await log.ReadAsync(0, 1, 100)).Select(e => e.Event.Id));
        Assert.Equal(Event("e"), (await log.ReadAsync(2, 0, 1))[0].Event);
    }

    [Fact]
    public async Task Concurrent_appends_each_land_exactly_once_and_large_requests_span_batches()
    {
        await using var log = await AzureTableIngestLog.OpenAsync(_options);

        var requests = Enumerable.Range(0, 40).Select(r => log.AppendAsync(
            Enumerable.Range(0, r == 0 ? 130 : 3).Select(i => (i % 3, Event($"r{r}-{i}"))).ToList()).AsTask()).ToList();
        await Task.WhenAll(requests);

        var stored = new List<string>();
        for (var p = 0; p < 3; p++)
        {
            var events = await log.ReadAsync(p, 0, 10_000);
            Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Offset));
            stored.AddRange(events.Select(e => e.Event.Id));
        }

        Assert.Equal(130 + (39 * 3), stored.Count);
        Assert.Equal(stored.Count, stored.Distinct().Count());
    }

    [Fact]
    public async Task A_reopened_log_has_every_acknowledged_event_its_commits_and_idempotency_keys()
    {
        var crashed = await AzureTableIngestLog.OpenAsync(_options);
        var record = new IdempotencyRecord("key-1", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "{\"accepted\":2}"u8.ToArray());
        await crashed.AppendAsync([(0, Event("a")), (1, Event("b"))], record);
        await crashed.AppendAsync([(0, Event("c"))]);
        await crashed.CommitAsync(0, 1);

        // Abandoned without DisposeAsync, as a kill -9 would leave it.
        await using var reopened = await AzureTableIngestLog.OpenAsync(_options);

        Assert.Equal(2, reopened.GetEndOffset(0));
        Assert.Equal(1, reopened.GetEndOffset(1));
        Assert.Equal(1, reopened.GetCommittedOffset(0));
        Assert.Equal(0, reopened.GetCommittedOffset(1));
        var recovered = Assert.Single(reopened.RecoveredIdempotencyRecords);
        Assert.Equal("key-1", recovered.Key);
        Assert.Equal(record.Response, recovered.Response);
        Assert.Equal([2L], await reopened.AppendAsync([(0, Event("d"))]));
        Assert.Equal(["c", "d"], (await reopened.ReadAsync(0, 1, 10)).Select(e => e.Event.Id));
        await crashed.DisposeAsync();
    }

    [Fact]
    public async Task Commit_deletes_batches_wholly_below_it_and_never_moves_back()
    {
        await using var log = await AzureTableIngestLog.OpenAsync(_options);
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync([(0, Event($"e{i}a")), (0, Event($"e{i}b"))]);
        }

        await log.CommitAsync(0, 5);
        await log.CommitAsync(0, 3);

        Assert.Equal(5, log.GetCommittedOffset(0));
        Assert.Equal(4, log.GetStartOffset(0));
        Assert.Equal(new[] { "e2a", "e2b", "e3a", "e3b", "e4a", "e4b" }, (await log.ReadAsync(0, 0, 100)).Select(e => e.Event.Id));
        await using var reopened = await AzureTableIngestLog.OpenAsync(_options);
        Assert.Equal(5, reopened.GetCommittedOffset(0));
        Assert.Equal(4, reopened.GetStartOffset(0));
        Assert.Equal(10, reopened.GetEndOffset(0));
    }

    [Fact]
    public async Task A_reader_in_another_process_sees_appends_and_commits_by_polling()
    {
        await using var gateway = await AzureTableIngestLog.OpenAsync(_options);
        await using var silo = await AzureTableIngestLog.OpenAsync(_options);

        var waiting = silo.WaitForDataAsync(1, 0).AsTask();
        Assert.False(waiting.IsCompleted);
        await gateway.AppendAsync([(1, Event("x"))]);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["x"], (await silo.ReadAsync(1, 0, 10)).Select(e => e.Event.Id));

        await silo.CommitAsync(1, 1);
        await Eventually.TrueAsync(() => Task.FromResult(gateway.GetCommittedOffset(1) == 1), "the gateway sees the silo's commit");
    }

    [Fact]
    public async Task Two_writers_on_one_partition_never_overlap()
    {
        await using var a = await AzureTableIngestLog.OpenAsync(_options);
        await using var b = await AzureTableIngestLog.OpenAsync(_options);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).AppendAsync([(2, Event($"w{i}"))]).AsTask()));

        var events = await a.ReadAsync(2, 0, 100);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), events.Select(e => e.Offset));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"w{i}").Order(), events.Select(e => e.Event.Id).Order());
    }

    [Fact]
    public async Task Opening_with_another_partition_count_fails_clearly()
    {
        await (await AzureTableIngestLog.OpenAsync(_options)).DisposeAsync();

        _options.PartitionCount = 5;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AzureTableIngestLog.OpenAsync(_options));
        Assert.Contains("created with 3 partitions", error.Message, StringComparison.Ordinal);
    }

    private static StreamEvent Event(string id) => new(id, 1_700_000_000_000, 1.5, "k", "normal");
}
