using FlowOrleans.Streaming;

namespace FlowOrleans.ClientApi.Ingest;

/// <summary>The one ingest path: validated events in, durable before the task completes. The REST endpoint and the generator both use it.</summary>
public interface IEventIngestor
{
    /// <summary>Appends the events to the durable ingest log and wakes their partitions. Completes once they are durable.</summary>
    ValueTask IngestAsync(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken);
}
