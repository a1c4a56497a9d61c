using System.Buffers;
using System.Text.Json;
using FlowOrleans.ClientApi.Hosting;
using FlowOrleans.ClientApi.Json;
using FlowOrleans.ClientApi.Pipelines;
using FlowOrleans.Durability.Results;
using FlowOrleans.GrainInterfaces;
using FlowOrleans.Runtime;
using FlowOrleans.Streaming;

namespace FlowOrleans.ClientApi.Queries;

/// <summary>The read side: <c>/recent</c>, <c>/results</c>, <c>/late</c> and <c>/watermark</c> (CONTRACT §4).</summary>
public static class QueryEndpoints
{
    /// <summary>Maps the query endpoints.</summary>
    public static IEndpointRouteBuilder MapQueries(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("").WithTags("Queries");
        group.MapGet("/recent", RecentAsync).WithName("Recent").WithSummary("The last N window results as NDJSON, oldest first");
        group.MapGet("/results", ResultsAsync).WithName("Results").WithSummary("Window results by pipeline, key and window start");
        group.MapGet("/late", LateAsync).WithName("Late").WithSummary("Late events, oldest first");
        group.MapGet("/watermark", WatermarkAsync).WithName("Watermark").WithSummary("A pipeline's watermark and its partitions");
        return endpoints;
    }

    private static async Task RecentAsync(HttpContext context, IResultStore results)
    {
        if (!QueryParameters.TryInt(context.Request, "limit", 100, 1, 100_000, out var limit, out var problem))
        {
            await problem!.ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        var body = context.Response.BodyWriter;
        using var writer = new Utf8JsonWriter(body);
        foreach (var result in results.Recent(limit))
        {
            JsonSerializer.Serialize(writer, result, StreamJsonContext.Default.WindowResult);
            writer.Flush();
            writer.Reset();
            body.Write("\n"u8);
        }

        await body.FlushAsync(context.RequestAborted);
    }

    private static async Task<IResult> ResultsAsync(HttpRequest request, IResultStore results, PipelineDirectory pipelines)
    {
        var pipeline = QueryParameters.Pipeline(request);
        if (await pipelines.FindAsync(pipeline) is null && results.Query(pipeline, KeyFilter.Any, null, null, 1).Count == 0)
        {
            return Problems.UnknownPipeline(pipeline);
        }

        if (!QueryParameters.TryInt(request, "limit", 1000, 1, 100_000, out var limit, out var problem)
            || !QueryParameters.TryLong(request, "from", out var from, out problem)
            || !QueryParameters.TryLong(request, "to", out var to, out problem))
        {
            return problem!;
        }

        var key = request.Query.TryGetValue("key", out var k) ? KeyFilter.Exactly(k.ToString())
            : string.Equals(request.Query["nullKey"], "true", StringComparison.OrdinalIgnoreCase) ? KeyFilter.Exactly(null)
            : KeyFilter.Any;
        return TypedResults.Json(results.Query(pipeline, key, from, to, limit), StreamJsonContext.Default.IReadOnlyListWindowResult);
    }

    private static async Task<IResult> LateAsync(HttpRequest request, IResultStore results, PipelineDirectory pipelines)
    {
        var pipeline = QueryParameters.Pipeline(request);
        if (await pipelines.FindAsync(pipeline) is null && results.LateCountFor(pipeline) == 0)
        {
            return Problems.UnknownPipeline(pipeline);
        }

        if (!QueryParameters.TryInt(request, "limit", 1000, 1, 100_000, out var limit, out var problem))
        {
            return problem!;
        }

        return TypedResults.Json(results.Late(pipeline, limit), StreamJsonContext.Default.IReadOnlyListLateEventRecord);
    }

    private static async Task<IResult> WatermarkAsync(HttpRequest request, IGrainFactory grains, PipelineDirectory pipelines)
    {
        var pipeline = QueryParameters.Pipeline(request);
        if (await pipelines.FindAsync(pipeline) is null)
        {
            return Problems.UnknownPipeline(pipeline);
        }

        var info = await grains.GetGrain<IWatermarkGrain>(pipeline).GetAsync();
        return TypedResults.Json(info, ApiJson.Context.WatermarkInfo);
    }
}
