using System.Diagnostics.Metrics;
using FlowOrleans.ClientApi.Dashboard;
using FlowOrleans.ClientApi.Generator;
using FlowOrleans.ClientApi.Health;
using FlowOrleans.ClientApi.Ingest;
using FlowOrleans.ClientApi.Json;
using FlowOrleans.ClientApi.Live;
using FlowOrleans.ClientApi.Metrics;
using FlowOrleans.ClientApi.Pipelines;
using FlowOrleans.ClientApi.Queries;
using FlowOrleans.Durability.Idempotency;
using FlowOrleans.Durability.Log;
using FlowOrleans.Grains.Hosting;
using FlowOrleans.Runtime;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Pipelines;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlowOrleans.ClientApi.Hosting;

/// <summary>Composes a FlowOrleans node: the embedded silo with the stream grains, the gateway API and the UI.</summary>
public static class FlowNodeHostingExtensions
{
    /// <summary>The address the node listens on when no <c>--urls</c> is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>
    /// Adds the all-in-one node (silo, stream grains with local file storage under <c>Flow:DataDir</c>) or, with
    /// <c>Flow:Cluster:ConnectionString</c>, the gateway of a cluster; then the gateway's services. Safe to call twice.
    /// </summary>
    public static WebApplicationBuilder AddFlowOrleansNode(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(IngestService)))
        {
            return builder;
        }

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var section = builder.Configuration.GetSection(FlowNodeOptions.Section);
        var node = section.Get<FlowNodeOptions>() ?? new FlowNodeOptions();
        services.AddOptions<FlowNodeOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlowNodeOptions>, FlowNodeOptionsValidator>());

        if (node.Cluster.Enabled)
        {
            services.AddFlowClusterGateway(node.Cluster, node.Partitions);
        }
        else
        {
            builder.UseFlowSilo(silo => silo
                .AddFlowStreaming(o =>
                {
                    o.Partitions = node.Partitions;
                    o.CheckpointInterval = node.CheckpointInterval;
                    section.GetSection("Pipelines").Bind(o.Pipelines);
                })
                .UseLocalStreamStorage(node.DataDir));
        }

        services.TryAddSingleton<IIdempotencyStore>(sp => new IdempotencyStore(
            TimeSpan.FromMinutes(15), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IIngestLog>().RecoveredIdempotencyRecords));
        services.TryAddSingleton<PartitionWaker>();
        services.TryAddSingleton<IngestService>();
        services.TryAddSingleton<IEventIngestor>(sp => sp.GetRequiredService<IngestService>());
        services.TryAddSingleton<PipelineDirectory>();
        services.TryAddSingleton<LiveFeed>();
        services.TryAddSingleton<EventGenerator>();
        services.TryAddSingleton<IClusterStatisticsSource, LocalClusterStatisticsSource>();
        services.TryAddSingleton<ClusterSampler>();
        services.TryAddSingleton<SiloMetrics>();
        services.TryAddSingleton(sp => new PrometheusExporter(sp.GetRequiredService<IMeterFactory>(), "FlowOrleans."));
        services.TryAddSingleton<ProcessInstruments>();
        services.AddHostedService<LiveFeedBridge>();
        services.AddHostedService<DemoStarter>();

        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = ApiJson.Options.Encoder;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(1, StreamJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(2, PipelineJsonContext.Default);
        });
        return builder;
    }

    /// <summary>Maps the REST API, <c>/ws</c>, <c>/metrics</c>, health probes and the web UI.</summary>
    public static WebApplication MapFlowApi(this WebApplication app)
    {
        // Listen before the silo starts: a counter's increments before the exporter exists would be lost.
        _ = app.Services.GetRequiredService<PrometheusExporter>();
        _ = app.Services.GetRequiredService<SiloMetrics>();
        _ = app.Services.GetRequiredService<ProcessInstruments>();
        app.UseExceptionHandler();
        app.UseDirectEndpoints(); // POST /ingest: nothing below is of use to it
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.MapWebUi();
        app.MapIngest();
        app.MapQueries();
        app.MapPipelines();
        app.MapGenerator();
        app.MapOperations();
        app.MapLiveWebSocket();
        app.MapOpenApi();
        return app;
    }
}
