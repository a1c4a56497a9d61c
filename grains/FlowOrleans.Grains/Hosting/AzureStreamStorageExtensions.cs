using FlowOrleans.Durability.AzureTables.Log;
using FlowOrleans.Durability.AzureTables.Results;
using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Results;
using FlowOrleans.Runtime;
using FlowOrleans.Runtime.AzureStorage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Hosting;

/// <summary>The cluster's stream storage: everything a silo keeps lives in Azure Table storage (Azurite locally).</summary>
public static class AzureStreamStorageExtensions
{
    /// <summary>The prefix of the stream tables' names unless another is given.</summary>
    public const string DefaultTablePrefix = "FlowOrleans";

    /// <summary>
    /// Stores the ingest log (<see cref="AzureTableIngestLog"/>), results and late events
    /// (<see cref="AzureTableResultStore"/>) and the grain checkpoints (<see cref="AzureTableGrainStorage"/> as the
    /// <c>checkpoints</c> provider) in the storage account of <paramref name="connectionString"/>, in tables named
    /// <paramref name="tablePrefix"/> + <c>Log</c>, <c>LogCommitted</c>, <c>Idempotency</c>, <c>Results</c>, <c>Late</c>,
    /// <c>ResultJournal</c> and <c>Checkpoints</c>. The counterpart of
    /// <see cref="StreamingSiloBuilderExtensions.UseLocalStreamStorage"/>. Safe to call more than once.
    /// </summary>
    public static ISiloBuilder UseAzureStreamStorage(this ISiloBuilder silo, string connectionString, string tablePrefix = DefaultTablePrefix)
    {
        var services = silo.Services;
        services.AddAzureStreamTables(connectionString, tablePrefix);
        services.Configure<StreamOptions>(o => o.WriteThrough = true);
        services.AddAzureIngestLog();
        services.TryAddSingleton<IResultStore>(sp => new AzureTableResultStore(sp.GetRequiredService<IOptions<AzureTableResultStoreOptions>>().Value));
        services.AddAzureTableGrainStorage(StreamOptions.StorageName, o =>
        {
            o.ConnectionString = connectionString;
            o.TableName = tablePrefix + "Checkpoints";
        });
        services.AddOptions<AzureTableGrainStorageOptions>(StreamOptions.StorageName)
            .Configure<GrainStorageSerializer>((o, serializer) => o.SerializerOptions = serializer.Options);
        return silo;
    }

    /// <summary>
    /// Registers the table ingest log as <see cref="IIngestLog"/>, opened by <see cref="AzureIngestLogOpener"/> when the
    /// host starts (before the other hosted services). Needs <see cref="AddAzureStreamTables"/>. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddAzureIngestLog(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(AzureIngestLogOpener)))
        {
            return services;
        }

        services.AddSingleton<AzureIngestLogOpener>();
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<AzureIngestLogOpener>()));
        services.TryAddSingleton<IIngestLog>(sp => sp.GetRequiredService<AzureIngestLogOpener>().Log);
        return services;
    }

    /// <summary>
    /// Registers a <see cref="ResultMirror"/> of the result tables as <see cref="IResultStore"/>: the gateway's view of
    /// every silo's results, rebuilt by <see cref="AzureResultMirrorStarter"/> when the host starts. Needs
    /// <see cref="AddAzureStreamTables"/>. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddAzureResultMirror(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(AzureResultMirrorStarter)))
        {
            return services;
        }

        services.AddSingleton<AzureResultMirrorStarter>();
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<AzureResultMirrorStarter>()));
        services.TryAddSingleton<IResultStore>(sp => sp.GetRequiredService<AzureResultMirrorStarter>().Mirror);
        return services;
    }

    /// <summary>
    /// The validated options of the stream tables, without the services: the gateway of a cluster uses them to append
    /// to the same log and mirror the same results. The log's partition count follows <see cref="StreamOptions.Partitions"/>
    /// when stream options are registered.
    /// </summary>
    public static IServiceCollection AddAzureStreamTables(this IServiceCollection services, string connectionString, string tablePrefix = DefaultTablePrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(tablePrefix);
        services.AddOptions<AzureTableIngestLogOptions>().ValidateOnStart()
            .Configure<IServiceProvider>((o, sp) =>
            {
                o.ConnectionString = connectionString;
                o.LogTableName = tablePrefix + "Log";
                o.CommittedTableName = tablePrefix + "LogCommitted";
                o.IdempotencyTableName = tablePrefix + "Idempotency";
                o.TimeProvider = sp.GetRequiredService<TimeProvider>();
                if (sp.GetService<IOptions<StreamOptions>>() is { } stream)
                {
                    o.PartitionCount = stream.Value.Partitions;
                }
            });
        services.AddOptions<AzureTableResultStoreOptions>().ValidateOnStart()
            .Configure<IServiceProvider>((o, sp) =>
            {
                o.ConnectionString = connectionString;
                o.ResultsTableName = tablePrefix + "Results";
                o.LateTableName = tablePrefix + "Late";
                o.JournalTableName = tablePrefix + "ResultJournal";
                o.TimeProvider = sp.GetRequiredService<TimeProvider>();
            });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureTableIngestLogOptions>, AzureTableIngestLogOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureTableResultStoreOptions>, AzureTableResultStoreOptionsValidator>());
        return services;
    }
}
