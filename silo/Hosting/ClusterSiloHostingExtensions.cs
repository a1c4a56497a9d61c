using System.Net;
using FlowOrleans.Grains.Hosting;
using FlowOrleans.Runtime;
using FlowOrleans.Runtime.AzureStorage;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Silo.Hosting;

/// <summary>Composes a silo of the cluster.</summary>
public static class ClusterSiloHostingExtensions
{
    /// <summary>
    /// A silo with clustering on the Azure membership table, the TCP transport (silo port, and a gateway for the
    /// client-api when <see cref="SiloProcessOptions.GatewayPort"/> is set), and the stream grains on Azure stream storage.
    /// </summary>
    public static IHostApplicationBuilder AddFlowClusterSilo(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SiloProcessOptions.Section);
        var options = section.Get<SiloProcessOptions>() ?? new SiloProcessOptions();
        var failures = new SiloProcessOptionsValidator().Validate(null, options);
        if (failures.Failed)
        {
            throw new OptionsValidationException(nameof(SiloProcessOptions), typeof(SiloProcessOptions), failures.Failures);
        }

        var host = IPAddress.Parse(options.Host);
        builder.Services.AddAzureTableMembership(o =>
        {
            o.ConnectionString = options.ConnectionString;
            o.ClusterId = options.ClusterId;
        });
        builder.UseFlowSilo(silo => silo
            .Configure(o => o.SiloName = options.Name)
            .UseTcpTransport(o =>
            {
                o.SiloEndpoint = new IPEndPoint(host, options.SiloPort);
                o.GatewayEndpoint = options.GatewayPort == 0 ? null : new IPEndPoint(host, options.GatewayPort);
            })
            .UseClustering()
            .AddFlowStreaming(o =>
            {
                o.Partitions = options.Partitions;
                o.CheckpointInterval = options.CheckpointInterval;
            })
            .UseAzureStreamStorage(options.ConnectionString));
        return builder;
    }
}
