using System.Text;
using FlowOrleans.AzureStorage.Tests;
using FlowOrleans.Durability.AzureTables.Log;
using FlowOrleans.Durability.AzureTables.Tests.Infrastructure;
using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Durability.Log;
using FlowOrleans.Runtime.AzureStorage.Stream;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.AzureTables.Tests.Log;

/// <summary>
/// An idempotent request is not atomic across partitions in the table log: a gateway may die after some of its parts.
/// Its repeat, on a restarted (or another) gateway, must append only the missing parts, answer as a fresh request, and
/// leave every event in the log exactly once. Each gateway here is its own <see cref="AzureTableIngestLog"/> on the
/// same tables, with an <see cref="IdempotencyStore"/> seeded as the gateway's host seeds it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdempotentAppendTests(AzuriteFixture azurite)
{
    private const string Key = "order-42";
    private static readonly byte[] Response = Encoding.UTF8.GetBytes("{\"accepted\":130,\"rejected\":0,\"errors\":[]}");

    // One attempt: an append the FaultyLogStore refuses fails at once, as the parts a dying gateway never wrote.
    private readonly AzureTableIngestLogOptions _options = TableLogOptions.OnFreshTables(azurite, o => o.MaxAppendAttempts = 1);

    /// <summary>130 events: 70 in partition 0 (two batches of at most 50), 30 each in partitions 1 and 2.</summary>
    private static readonly IReadOnlyList<(int Partition, StreamEvent Event)> Request =
        [.. Enumerable.Range(0, 90).Select(i => (i % 3, Event($"e{i}"))), .. Enumerable.Range(90, 40).Select(i => (0, Event($"e{i}")))];

    [Fact]
    public async Task A_gateway_that_died_after_the_first_partition_leaves_a_repeat_that_appends_only_the_rest()
    {
        var crashed = await AzureTableIngestLog.OpenAsync(_options, new FaultyLogStore(TableStore()) { Writable = p => p == AzureTableIngestLog.PartitionName(0) }, CancellationToken.None);
        var died = new IdempotencyStore(_options.IdempotencyRetention, recovered: crashed.RecoveredIdempotencyRecords);
        await Assert.ThrowsAsync<IOException>(() => IngestOnceAsync(died, crashed));
        await crashed.DisposeAsync();

        await using var restarted = await AzureTableIngestLog.OpenAsync(_options);
        Assert.Equal([70L, 0, 0], Ends(restarted)); // partition 0's part is durable, and no record
        Assert.Empty(restarted.RecoveredIdempotencyRecords);

        var (second, offsets) = await IngestOnceAsync(new IdempotencyStore(_options.IdempotencyRetention, recovered: restarted.RecoveredIdempotencyRecords), restarted);

        Assert.False(second.Replayed);
        Assert.Equal(Response, second.Response);
        await AssertEachEventOnceAtItsOffsetAsync(restarted, offsets!);
        await AssertRepeatIsReplayedAndAppendsNothingAsync();
    }

    [Fact]
    public async Task A_gateway_that_died_after_every_part_and_before_the_record_leaves_a_repeat_that_appends_nothing()
    {
        var crashed = await AzureTableIngestLog.OpenAsync(_options);
        var first = await crashed.AppendPartsAsync(Request, new IdempotencyRecord(Key, Now, Response), CancellationToken.None);
        await crashed.DisposeAsync();

        await using var restarted = await AzureTableIngestLog.OpenAsync(_options);
        Assert.Empty(restarted.RecoveredIdempotencyRecords);
        var (second, offsets) = await IngestOnceAsync(new IdempotencyStore(_options.IdempotencyRetention, recovered: restarted.RecoveredIdempotencyRecords), restarted);

        Assert.False(second.Replayed);
        Assert.Equal(Response, second.Response);
        Assert.Equal(first, offsets);
        Assert.Equal([70L, 30, 30], Ends(restarted));
        await AssertEachEventOnceAtItsOffsetAsync(restarted, offsets!);
        await AssertRepeatIsReplayedAndAppendsNothingAsync();
    }

    [Fact]
    public async Task The_parts_are_found_after_the_silos_committed_them_and_their_batches_were_deleted()
    {
        var crashed = await AzureTableIngestLog.OpenAsync(_options);
        var first = await crashed.AppendPartsAsync(Request, new IdempotencyRecord(Key, Now, Response), CancellationToken.None);
        for (var p = 0; p < _options.PartitionCount; p++)
        {
            await crashed.CommitAsync(p, crashed.GetEndOffset(p));
            Assert.Empty(await crashed.ReadAsync(p, 0, 10));
        }

        await crashed.DisposeAsync();

        await using var restarted = await AzureTableIngestLog.OpenAsync(_options);
        var (_, offsets) = await IngestOnceAsync(new IdempotencyStore(_options.IdempotencyRetention), restarted);

        Assert.Equal(first, offsets);
        Assert.Equal([70L, 30, 30], Ends(restarted));
        Assert.Equal([70L, 30, 30], Enumerable.Range(0, 3).Select(restarted.GetStartOffset));
    }

    [Fact]
    public async Task A_repeat_at_another_gateway_that_does_not_know_the_record_appends_nothing()
    {
        await using var other = await AzureTableIngestLog.OpenAsync(_options);
        await using var gateway = await AzureTableIngestLog.OpenAsync(_options);
        var (_, first) = await IngestOnceAsync(new IdempotencyStore(_options.IdempotencyRetention), gateway);

        var (repeat, offsets) = await IngestOnceAsync(new IdempotencyStore(_options.IdempotencyRetention, recovered: other.RecoveredIdempotencyRecords), other);

        Assert.Equal(Response, repeat.Response);
        Assert.Equal(first, offsets);
        await AssertEachEventOnceAtItsOffsetAsync(other, offsets!);
    }

    [Fact]
    public async Task Parts_another_gateway_appended_after_the_look_up_are_taken_and_other_appends_still_land()
    {
        await using var gateway = await AzureTableIngestLog.OpenAsync(_options);
        var first = await gateway.AppendPartsAsync(Request, new IdempotencyRecord(Key, Now, Response), CancellationToken.None);
        await using var late = await AzureTableIngestLog.OpenAsync(_options, new FaultyLogStore(TableStore()) { HideMarkers = true }, CancellationToken.None);

        var shared = late.AppendAsync([(1, Event("other"))]).AsTask();
        var (_, offsets) = await IngestOnceAsync(new IdempotencyStore(_options.IdempotencyRetention), late);

        Assert.Equal(first, offsets);
        Assert.Equal([30L], await shared);
        Assert.Equal([70L, 31, 30], Ends(late));
    }

    [Fact]
    public async Task A_repeat_says_how_many_events_it_appended_itself()
    {
        var crashed = await AzureTableIngestLog.OpenAsync(_options, new FaultyLogStore(TableStore()) { Writable = p => p == AzureTableIngestLog.PartitionName(0) }, CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => AppendIdempotentAsync(crashed));
        await crashed.DisposeAsync();

        // Partition 0's 70 events landed before the gateway died: the repeat appends the other 60.
        await using var restarted = await AzureTableIngestLog.OpenAsync(_options);
        Assert.Equal(60, await AppendIdempotentAsync(restarted));

        // Parts another gateway stored after this one looked for them are taken, not appended: none counts.
        await using var late = await AzureTableIngestLog.OpenAsync(_options, new FaultyLogStore(TableStore()) { HideMarkers = true }, CancellationToken.None);
        Assert.Equal(0, await AppendIdempotentAsync(late));
        Assert.Equal([70L, 30, 30], Ends(late));
    }

    [Fact]
    public async Task Parts_older_than_the_retention_are_not_taken_for_the_repeat()
    {
        await using var log = await AzureTableIngestLog.OpenAsync(_options);
        var expired = Now - (long)_options.IdempotencyRetention.TotalMilliseconds - 1;
        await log.AppendPartsAsync(Request, new IdempotencyRecord(Key, expired, Response), CancellationToken.None);

        await IngestOnceAsync(new IdempotencyStore(_options.IdempotencyRetention), log);

        Assert.Equal([140L, 60, 60], Ends(log));
    }

    /// <summary>The request with its record, through <see cref="IIngestLog"/> as the gateway's ingest calls it.</summary>
    private static async Task<int> AppendIdempotentAsync(IIngestLog log) =>
        await log.AppendIdempotentAsync(Request, new IdempotencyRecord(Key, Now, Response));

    /// <summary>What <c>IngestService.IngestOnceAsync</c> does: one execution per key, the events appended with the record.</summary>
    private static async Task<(IdempotentOutcome Outcome, IReadOnlyList<long>? Offsets)> IngestOnceAsync(IdempotencyStore keys, AzureTableIngestLog log)
    {
        IReadOnlyList<long>? offsets = null;
        var outcome = await keys.ExecuteOnceAsync(Key, async (ticket, ct) =>
        {
            offsets = await log.AppendAsync(Request, ticket.Record(Response), ct);
            return Response;
        });
        return (outcome, offsets);
    }

    /// <summary>A third gateway knows the record from the table: the repeat is replayed and nothing is appended.</summary>
    private async Task AssertRepeatIsReplayedAndAppendsNothingAsync()
    {
        await using var third = await AzureTableIngestLog.OpenAsync(_options);
        var ends = Ends(third);
        var (outcome, offsets) = await IngestOnceAsync(new IdempotencyStore(_options.IdempotencyRetention, recovered: third.RecoveredIdempotencyRecords), third);

        Assert.True(outcome.Replayed);
        Assert.Equal(Response, outcome.Response);
        Assert.Null(offsets);
        await using var fourth = await AzureTableIngestLog.OpenAsync(_options);
        Assert.Equal(ends, Ends(fourth));
    }

    /// <summary>Every event of the request is in the log once, in its own partition, at the offset the append returned.</summary>
    private static async Task AssertEachEventOnceAtItsOffsetAsync(AzureTableIngestLog log, IReadOnlyList<long> offsets)
    {
        var stored = new List<(int Partition, long Offset, string Id)>();
        for (var p = 0; p < log.PartitionCount; p++)
        {
            stored.AddRange((await log.ReadAsync(p, 0, 10_000)).Select(e => (p, e.Offset, e.Event.Id)));
        }

        Assert.Equal(
            Request.Select((r, i) => (r.Partition, offsets[i], r.Event.Id)).Order(),
            stored.Order());
    }

    private static long[] Ends(AzureTableIngestLog log) => [.. Enumerable.Range(0, log.PartitionCount).Select(log.GetEndOffset)];

    private AzureTableLogStore TableStore() => new(AzureTableIngestLogOptionsValidator.StoreOptions(_options));

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static StreamEvent Event(string id) => new(id, 1_700_000_000_000, 1.5, "k", "normal");
}
