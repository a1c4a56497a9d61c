using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.AzureStorage.Tests;
using FlowOrleans.Durability.AzureTables.Log;
using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Partitioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Api.Tests;

/// <summary>
/// In the cluster the table log is not atomic across partitions: a gateway that dies after some parts of an idempotent
/// request leaves them in the log, without the key's record. The repeat appends only the missing parts, and
/// <c>floworleans_ingested_events_total</c> must count only those: every event is ingested once, so counted once.
/// </summary>
public sealed class ClusterIdempotentRepeatTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const long W0 = 1_700_000_000_000;
    private const string Key = "orders-batch-12";

    [Fact]
    public async Task A_repeat_after_a_gateway_died_between_parts_counts_only_the_events_it_appends()
    {
        await using var gateway = new SiloLessGatewayFactory(azurite.ConnectionString);
        var api = new FlowApi(gateway.CreateClient());
        var options = gateway.Services.GetRequiredService<IOptions<AzureTableIngestLogOptions>>().Value;
        var events = Enumerable.Range(0, 120).Select(i => new StreamEvent($"rep-{i}", W0 + (i * 100), i, $"k{i % 10}", "normal")).ToList();
        var items = events.Select(e => (Partition: EventPartitioner.PartitionOf(e, options.PartitionCount), Event: e)).ToList();

        // The gateway that died: it had appended the request's part in one partition (with its marker), nothing else.
        var landed = items.Where(i => i.Partition == items[0].Partition).Select(i => (i.Partition, i.Event)).ToList();
        Assert.InRange(landed.Count, 1, events.Count - 1);
        await using (var died = await AzureTableIngestLog.OpenAsync(options))
        {
            await died.AppendPartsAsync(landed, new IdempotencyRecord(Key, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), []), CancellationToken.None);
        }

        var answer = await api.IngestAsync(events, Key);
        Assert.Equal(events.Count, answer.Accepted);
        Assert.Equal(events.Count - landed.Count, await api.MetricAsync("floworleans_ingested_events_total"));

        // Each event is in the log once.
        await using (var log = await AzureTableIngestLog.OpenAsync(options))
        {
            var stored = new List<string>();
            for (var p = 0; p < log.PartitionCount; p++)
            {
                stored.AddRange((await log.ReadAsync(p, 0, 10_000)).Select(e => e.Event.Id));
            }

            Assert.Equal(events.Select(e => e.Id).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        }

        // Now the record exists: a further repeat is replayed, appends nothing and counts nothing.
        var replayed = await api.IngestAsync(events, Key);
        Assert.Equal((answer.Accepted, answer.Rejected), (replayed.Accepted, replayed.Rejected));
        Assert.Equal(events.Count - landed.Count, await api.MetricAsync("floworleans_ingested_events_total"));
    }
}
