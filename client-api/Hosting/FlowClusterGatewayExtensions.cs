using System.Globalization;
using System.Net;
using FlowOrleans.ClientApi.Dashboard;
using FlowOrleans.Grains.Diagnostics;
using FlowOrleans.Grains.Hosting;
using FlowOrleans.Runtime;
using FlowOrleans.Runtime.AzureStorage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowOrleans.ClientApi.Hosting;

/// <summary>The gateway of a cluster: an external client of the silos, the table log's writer, the result tables' mirror.</summary>
public static class FlowClusterGatewayExtensions
{
    /// <summary>
    /// Adds the cluster gateway's services: the cluster client (gateways from <see cref="FlowClusterOptions.Gateways"/>
    /// and the Azure membership table, which it follows), the table ingest log, the result mirror, and the dashboard's
    /// view from the management grain.
    /// </summary>
    public static IServiceCollection AddFlowClusterGateway(this IServiceCollection services, FlowClusterOptions cluster, int partitions)
    {
        services.AddAzureTableMembership(o =>
        {
            o.ConnectionString = cluster.ConnectionString;
            o.ClusterId = cluster.ClusterId;
        });
        services.AddFlowClusterClient(o =>
        {
            foreach (var gateway in cluster.Gateways.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                o.Gateways.Add(ParseEndpoint(gateway));
            }
        });
        services.Configure<StreamOptions>(o => o.Partitions = partitions);
        services.AddAzureStreamTables(cluster.ConnectionString, cluster.TablePrefix);
        services.AddAzureIngestLog();
        services.AddAzureResultMirror();
        services.TryAddSingleton<PipelineMetrics>();
        services.TryAddSingleton<IClusterStatisticsSource, ManagementClusterStatisticsSource>();
        services.TryAddSingleton<ClusterGatewayReadiness>();
        return services;
    }

    private static IPEndPoint ParseEndpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !IPAddress.TryParse(text.AsSpan(0, colon), out var address))
        {
            throw new ArgumentException($"Flow:Cluster:Gateways: '{text}' is not host:port (an IP address and a port, e.g. 127.0.0.1:30000).");
        }

        return new IPEndPoint(address, port);
    }
}
