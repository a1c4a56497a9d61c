using FlowOrleans.Api.Tests.Infrastructure;
using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.Api.Tests.Differential;

/// <summary>
/// POSTs a round as a client would: its batches concurrently (each with its own Idempotency-Key), then the round's
/// markers, then waits until every pipeline's watermark reached the round's.
/// </summary>
internal static class RoundDriver
{
    public const int Concurrency = 4;

    public static async Task SendAsync(FlowApi api, Round round, RoundSpec spec, IReadOnlyList<PipelineDefinition> pipelines)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, round.Batches.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (i, ct) => await api.IngestAsync(round.Batches[i], BatchKey(round, i), ct));
        await api.IngestAsync(round.Markers, MarkerKey(round));
        foreach (var pipeline in pipelines)
        {
            await api.WatermarkReachesAsync(pipeline.Name, round.Watermark(spec));
        }
    }

    public static string BatchKey(Round round, int batch) => $"r{round.Index}-b{batch}";

    public static string MarkerKey(Round round) => $"r{round.Index}-markers";
}
