using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.Streaming.Watermarks;

namespace FlowOrleans.GrainInterfaces;

/// <summary>
/// Events of one log partition for one window grain (or session grain), in offset order. The grain
/// judges each event on its own: aggregated, a replayed duplicate, or late.
/// </summary>
/// <param name="Pipeline">The pipeline definition (the grain keeps it for firing).</param>
/// <param name="Partition">The log partition the events come from.</param>
/// <param name="Events">The events with their offsets. Valid only during the call: the partition reuses the array
/// behind it once every apply call of the batch completed, so a grain copies what it keeps.</param>
/// <param name="Watermark">The pipeline watermark the partition knew when it sent the batch (reported in late records).</param>
public sealed record WindowBatch(PipelineDefinition Pipeline, int Partition, IReadOnlyList<LoggedEvent> Events, long Watermark);

/// <summary>What a window or session grain did with a batch.</summary>
/// <param name="Applied">Events aggregated.</param>
/// <param name="Late">Events listed as late.</param>
/// <param name="Duplicates">Replayed events that were already applied.</param>
public readonly record struct WindowBatchReply(int Applied, int Late, int Duplicates);

/// <summary>
/// A partition's progress for one pipeline: the largest event time it has processed, the offset it
/// reached, and which window and session grains it fed since its last report.
/// </summary>
public sealed record ProgressReport(PipelineDefinition Pipeline, int Partition, long MaxTs, long LastOffset, IReadOnlyList<OpenWindowRef> Windows, IReadOnlyList<int> SessionShards);

/// <summary>One partition in <c>GET /watermark</c>.</summary>
public sealed record PartitionWatermark(int Partition, long? MaxTs, bool Idle);

/// <summary>The answer of <c>GET /watermark</c>.</summary>
public sealed record WatermarkInfo(string Pipeline, long? Watermark, IReadOnlyList<PartitionWatermark> Partitions, int OpenWindows);

/// <summary>A partition grain's progress through its log partition.</summary>
public sealed record PartitionInfo(int Partition, long ReadOffset, long CommittedOffset, long EndOffset, long EventsProcessed);

/// <summary>The pipelines, with a version that changes on every create or delete.</summary>
public sealed record PipelineSet(long Version, IReadOnlyList<PipelineDefinition> Pipelines);

/// <summary>The outcome of creating a pipeline: the definition, or errors by field.</summary>
public sealed record PipelineCreateResult(PipelineDefinition? Created, IReadOnlyDictionary<string, string[]>? Errors, bool Conflict);
