using FlowOrleans.AzureStorage.Tests;
using FlowOrleans.Durability.AzureTables.Log;
using FlowOrleans.Durability.AzureTables.Results;
using FlowOrleans.GrainInterfaces;
using FlowOrleans.Grains.Hosting;
using FlowOrleans.Runtime;
using FlowOrleans.Runtime.Membership;
using FlowOrleans.Streaming;
using FlowOrleans.Streaming.Partitioning;
using FlowOrleans.Streaming.Pipelines;
using FlowOrleans.TestingHost;

namespace FlowOrleans.Failover.Tests.Infrastructure;

/// <summary>
/// A <see cref="TestCluster"/> on real TCP whose silos run the stream grains on Azure stream storage (fresh tables on
/// the shared Azurite), plus what the client-api gateway does in cluster mode: it appends to the table log and reads
/// results from a <see cref="ResultMirror"/>. Pipeline <see cref="Pipeline"/> is the default tumbling pipeline with an
/// idle timeout no test reaches, so its outcome is the batch recomputation's whatever the timing.
/// </summary>
internal sealed class StreamingCluster : IAsyncDisposable
{
    public const string Pipeline = "exact";

    private StreamingCluster(TestCluster cluster, AzureTableIngestLog log, ResultMirror mirror, int partitions)
    {
        Cluster = cluster;
        Log = log;
        Mirror = mirror;
        Partitions = partitions;
    }

    public TestCluster Cluster { get; }

    public AzureTableIngestLog Log { get; }

    public ResultMirror Mirror { get; }

    public int Partitions { get; }

    public static async Task<StreamingCluster> StartAsync(AzuriteFixture azurite, int silos, int partitions)
    {
        var prefix = AzuriteFixture.UniqueTableName("t");
        var cluster = new TestCluster(new TestClusterOptions
        {
            ConfigureMembership = Fast,
            ConfigureSilo = (silo, index) => silo
                .AddLogging(Path.Combine(Path.GetTempPath(), "floworleans-failover.log"), index)
                .Configure(o => o.ResponseTimeout = TimeSpan.FromSeconds(10))
                .AddFlowStreaming(o =>
                {
                    o.Partitions = partitions;
                    o.CheckpointInterval = TimeSpan.FromSeconds(1);
                    o.PollInterval = TimeSpan.FromMilliseconds(200);
                    o.PartitionWakeInterval = TimeSpan.FromSeconds(1);
                    o.Pipelines.Add(ExactPipeline());
                })
                .UseAzureStreamStorage(azurite.ConnectionString, prefix),
        });
        await cluster.StartAsync(silos);
        var log = await AzureTableIngestLog.OpenAsync(new AzureTableIngestLogOptions
        {
            ConnectionString = azurite.ConnectionString,
            LogTableName = prefix + "Log",
            CommittedTableName = prefix + "LogCommitted",
            IdempotencyTableName = prefix + "Idempotency",
            PartitionCount = partitions,
        });
        var mirror = await ResultMirror.StartAsync(new AzureTableResultStoreOptions
        {
            ConnectionString = azurite.ConnectionString,
            ResultsTableName = prefix + "Results",
            LateTableName = prefix + "Late",
            JournalTableName = prefix + "ResultJournal",
        });
        return new StreamingCluster(cluster, log, mirror, partitions);
    }

    /// <summary>Appends like the gateway: partitioned by key hash, in requests of <paramref name="requestSize"/> events.</summary>
    public async Task IngestAsync(IReadOnlyList<StreamEvent> events, int requestSize = 500)
    {
        foreach (var chunk in events.Chunk(requestSize))
        {
            await Log.AppendAsync([.. chunk.Select(e => (EventPartitioner.PartitionOf(e, Partitions), e))]);
        }
    }

    /// <summary>The pipeline's watermark as a running silo's watermark grain reports it.</summary>
    public async Task<WatermarkInfo?> WatermarkAsync()
    {
        foreach (var silo in Cluster.RunningSilos)
        {
            try
            {
                return await silo.GrainFactory.GetGrain<IWatermarkGrain>(Pipeline).GetAsync();
            }
            catch (GrainCallFailedException)
            {
                // Membership is changing; ask another silo or the next time.
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await Mirror.StopAsync();
        await Mirror.DisposeAsync();
        await Log.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    private static PipelineDefinition ExactPipeline()
    {
        var exact = PipelineDefinition.Default;
        exact.Name = Pipeline;
        exact.IdleTimeout = 3_600_000;
        return exact;
    }

    private static void Fast(ClusterMembershipOptions o)
    {
        o.ProbeInterval = TimeSpan.FromMilliseconds(200);
        o.ProbeTimeout = TimeSpan.FromMilliseconds(200);
        o.TableRefreshTimeout = TimeSpan.FromMilliseconds(200);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromMilliseconds(500);
    }
}
