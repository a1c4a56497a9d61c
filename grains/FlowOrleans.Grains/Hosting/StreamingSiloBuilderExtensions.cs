using System.Text.Json.Serialization.Metadata;
using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Results;
using FlowOrleans.Grains.Diagnostics;
using FlowOrleans.Runtime;
using FlowOrleans.Streaming.Aggregation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Hosting;

/// <summary>Adds the stream grains to a silo. Safe to call more than once.</summary>
public static class StreamingSiloBuilderExtensions
{
    /// <summary>Registers the stream grains, their options, metrics and aggregators, and keeps the partitions running (<see cref="PartitionKeeper"/>).</summary>
    public static ISiloBuilder AddFlowStreaming(this ISiloBuilder silo, Action<StreamOptions>? configure = null)
    {
        var services = silo.Services;
        services.AddOptions<StreamOptions>().ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StreamOptions>, StreamOptionsValidator>());
        services.TryAddSingleton(AggregatorServiceCollectionExtensions.CreateRegistry);
        services.TryAddSingleton<PipelineMetrics>();
        services.TryAddSingleton<PartitionKeeper>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PartitionKeeper>(sp => sp.GetRequiredService<PartitionKeeper>()));
        silo.AddGrainAssembly(typeof(StreamingSiloBuilderExtensions).Assembly);
        silo.Configure(o =>
        {
            // Checkpoints serialize through source-generated metadata; reflection stays as the fallback for other grains.
            var chain = o.SerializerOptions.TypeInfoResolverChain;
            if (!chain.Contains(StreamGrainJsonContext.Default))
            {
                chain.Insert(0, StreamGrainJsonContext.Default);
                if (!chain.Any(r => r is DefaultJsonTypeInfoResolver))
                {
                    chain.Add(new DefaultJsonTypeInfoResolver());
                }
            }
        });
        return silo;
    }

    /// <summary>
    /// The embedded default: the ingest log, results, late events and grain checkpoints as files under
    /// <paramref name="dataDirectory"/> (<c>log/</c>, <c>results/</c>, <c>checkpoints/</c>).
    /// </summary>
    public static ISiloBuilder UseLocalStreamStorage(this ISiloBuilder silo, string dataDirectory)
    {
        var root = Path.GetFullPath(dataDirectory);
        var services = silo.Services;
        services.TryAddSingleton<IIngestLog>(sp => FileIngestLog.Open(new FileIngestLogOptions
        {
            DataDirectory = root,
            PartitionCount = sp.GetRequiredService<IOptions<StreamOptions>>().Value.Partitions,
            TimeProvider = sp.GetRequiredService<TimeProvider>(),
            Logger = sp.GetRequiredService<ILogger<FileIngestLog>>(),
        }));
        services.TryAddSingleton<IResultStore>(_ => FileResultStore.Open(root));
        silo.AddFileGrainStorage(StreamOptions.StorageName, Path.Combine(root, "checkpoints"));
        return silo;
    }

    /// <summary>True once every partition grain has started and caught up with the log it found.</summary>
    public static bool StreamingReady(this IServiceProvider services) =>
        services.GetService<PartitionKeeper>()?.Ready ?? false;
}
