using FlowOrleans.Durability.AzureTables.Log;
using FlowOrleans.Durability.AzureTables.Results;
using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Results;
using FlowOrleans.Runtime;
using FlowOrleans.Runtime.AzureStorage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Hosting;

/// <summary>The cluster's stream storage: everything a silo keeps lives in Azure Table storage (Azurite locally).</summary>
public static class AzureStreamStorageExtensions
{
    /// <summary>The table that holds the stream grains' checkpoints (the <c>checkpoints</c> storage provider).</summary>
    public const string CheckpointTableName = "FlowOrleansCheckpoints";

    /// <summary>
    /// Stores the ingest log (<see cref="AzureTableIngestLog"/>), results and late events
    /// (<see cref="AzureTableResultStore"/>) and the grain checkpoints (<see cref="AzureTableGrainStorage"/> as the
    /// <c>checkpoints</c> provider) in the storage account of <paramref name="connectionString"/>. The counterpart of
    /// <see cref="StreamingSiloBuilderExtensions.UseLocalStreamStorage"/>. Safe to call more than once.
    /// </summary>
    public static ISiloBuilder UseAzureStreamStorage(
        this ISiloBuilder silo,
        string connectionString,
        Action<AzureTableIngestLogOptions>? configureLog = null,
        Action<AzureTableResultStoreOptions>? configureResults = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var services = silo.Services;
        services.AddAzureStreamTables(connectionString, configureLog, configureResults);
        services.TryAddSingleton<IIngestLog>(sp => AzureTableIngestLog.OpenAsync(sp.GetRequiredService<IOptions<AzureTableIngestLogOptions>>().Value).GetAwaiter().GetResult());
        services.TryAddSingleton<IResultStore>(sp => new AzureTableResultStore(sp.GetRequiredService<IOptions<AzureTableResultStoreOptions>>().Value));
        services.AddAzureTableGrainStorage(StreamOptions.StorageName, o =>
        {
            o.ConnectionString = connectionString;
            o.TableName = CheckpointTableName;
        });
        services.AddOptions<AzureTableGrainStorageOptions>(StreamOptions.StorageName)
            .Configure<GrainStorageSerializer>((o, serializer) => o.SerializerOptions = serializer.Options);
        return silo;
    }

    /// <summary>
    /// The validated options of the stream tables, without the services: the gateway of a cluster uses them to append
    /// to the same log and mirror the same results. The log's partition count follows <see cref="StreamOptions.Partitions"/>
    /// when stream options are registered.
    /// </summary>
    public static IServiceCollection AddAzureStreamTables(
        this IServiceCollection services,
        string connectionString,
        Action<AzureTableIngestLogOptions>? configureLog = null,
        Action<AzureTableResultStoreOptions>? configureResults = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var log = services.AddOptions<AzureTableIngestLogOptions>().ValidateOnStart()
            .Configure<IServiceProvider>((o, sp) =>
            {
                o.ConnectionString = connectionString;
                o.TimeProvider = sp.GetRequiredService<TimeProvider>();
                if (sp.GetService<IOptions<StreamOptions>>() is { } stream)
                {
                    o.PartitionCount = stream.Value.Partitions;
                }
            });
        if (configureLog is not null)
        {
            log.Configure(configureLog);
        }

        var results = services.AddOptions<AzureTableResultStoreOptions>().ValidateOnStart()
            .Configure<IServiceProvider>((o, sp) =>
            {
                o.ConnectionString = connectionString;
                o.TimeProvider = sp.GetRequiredService<TimeProvider>();
            });
        if (configureResults is not null)
        {
            results.Configure(configureResults);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureTableIngestLogOptions>, AzureTableIngestLogOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureTableResultStoreOptions>, AzureTableResultStoreOptionsValidator>());
        return services;
    }
}
