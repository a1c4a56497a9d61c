using FlowOrleans.ClientApi.Dashboard;
using FlowOrleans.ClientApi.Hosting;
using FlowOrleans.ClientApi.Json;
using FlowOrleans.ClientApi.Metrics;
using FlowOrleans.Durability.Log;
using FlowOrleans.Grains.Hosting;

namespace FlowOrleans.ClientApi.Health;

/// <summary>Health probes, <c>/metrics</c> and the dashboard's data.</summary>
public static class OperationsEndpoints
{
    /// <summary>Maps <c>/health/live</c>, <c>/health/ready</c>, <c>/metrics</c> and <c>/dashboard/cluster</c>.</summary>
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("").WithTags("Operations");
        group.MapGet("/health/live", () => TypedResults.Text("Healthy")).WithName("Live").WithSummary("200 while the process runs");
        group.MapGet("/health/ready", async (IServiceProvider services) =>
                services.GetService<IIngestLog>()?.Failure is { } failure
                    ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Ingest log failed",
                        detail: $"The ingest log stopped taking events ({failure.Message}). Restart the node: it recovers from what is on disk.")
                    : services.StreamingReady() || (services.GetService<ClusterGatewayReadiness>() is { } cluster && await cluster.CheckAsync())
                        ? Results.Text("Ready")
                        : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: "The partitions are still starting or replaying the log; retry shortly."))
            .WithName("Ready").WithSummary("200 once the node accepts and processes events; 503 while it starts, or after its ingest log failed");
        group.MapGet("/metrics", (PrometheusExporter exporter) => TypedResults.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8"))
            .WithName("Metrics").WithSummary("Prometheus text format");
        group.MapGet("/dashboard/cluster", async (ClusterSampler sampler, CancellationToken cancellationToken) => TypedResults.Json(await sampler.SampleAsync(cancellationToken), ApiJson.Context.ClusterView))
            .WithName("ClusterDashboard").WithSummary("Silos, activations and grain call statistics");
        return endpoints;
    }
}
