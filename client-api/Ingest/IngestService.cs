using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Durability.Log;
using FlowOrleans.Grains.Diagnostics;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Partitioning;

namespace FlowOrleans.ClientApi.Ingest;

/// <summary>
/// The ingest path: partitions events by a stable hash of their key (keyless events spread by id), appends
/// them to the durable log (group commit: concurrent requests share an fsync), then wakes the partitions.
/// With an <c>Idempotency-Key</c>, the key and its response are made durable in the same commit as the events.
/// </summary>
public sealed class IngestService(IIngestLog log, IIdempotencyStore idempotency, PartitionWaker waker, PipelineMetrics metrics) : IEventIngestor
{
    /// <summary>Why ingest should answer 429 now (the problem's detail), or null when the node takes more (<see cref="IngestLoad"/>).</summary>
    public string? OverloadOf(long maxBacklogEvents, long maxUncommittedEvents) => IngestLoad.OverloadOf(log, maxBacklogEvents, maxUncommittedEvents);

    /// <inheritdoc />
    public ValueTask IngestAsync(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken) =>
        AppendAsync(events, null, cancellationToken);

    /// <summary>
    /// Appends once per key: a repeated key (within the retention) returns the first response and appends nothing.
    /// </summary>
    public async Task<IdempotentOutcome> IngestOnceAsync(string key, IReadOnlyList<StreamEvent> events, byte[] response, CancellationToken cancellationToken) =>
        await idempotency.ExecuteOnceAsync(key, async (ticket, ct) =>
        {
            await AppendAsync(events, ticket.Record(response), ct);
            return response;
        }, cancellationToken);

    private async ValueTask AppendAsync(IReadOnlyList<StreamEvent> events, IdempotencyRecord? record, CancellationToken cancellationToken)
    {
        var partitions = log.PartitionCount;
        var items = new (int Partition, StreamEvent Event)[events.Count];
        // The partitions to wake: bits of a word for up to 64 partitions (the usual case, no array per request).
        var touched = 0UL;
        var touchedMany = partitions > 64 ? new bool[partitions] : null;
        for (var i = 0; i < items.Length; i++)
        {
            var p = EventPartitioner.PartitionOf(events[i], partitions);
            items[i] = (p, events[i]);
            if (touchedMany is null)
            {
                touched |= 1UL << p;
            }
            else
            {
                touchedMany[p] = true;
            }
        }

        // A repeat of an idempotent request that died after some of its parts (the cluster log) appends only the rest:
        // the counter counts what this request appended, so no event is counted twice.
        var appended = items.Length;
        if (record is null)
        {
            await log.AppendAsync(items, null, cancellationToken);
        }
        else
        {
            appended = await log.AppendIdempotentAsync(items, record, cancellationToken);
        }

        metrics.EventsIngested(appended);
        for (var p = 0; p < partitions; p++)
        {
            if (touchedMany is null ? (touched & (1UL << p)) != 0 : touchedMany[p])
            {
                waker.Wake(p);
            }
        }
    }
}
