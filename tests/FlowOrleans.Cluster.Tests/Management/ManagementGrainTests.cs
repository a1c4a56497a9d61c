using FlowOrleans.Cluster.Tests.Grains;
using FlowOrleans.Cluster.Tests.Infrastructure;
using FlowOrleans.Runtime.Management;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowOrleans.Cluster.Tests.Management;

public sealed class ManagementGrainTests
{
    [Fact]
    public async Task The_report_lists_every_silo_and_counts_activations_per_silo_and_per_grain_type()
    {
        await using var cluster = Clusters.CreateTcp();
        await cluster.StartAsync(3);
        await Task.WhenAll(Enumerable.Range(0, 90).Select(i => cluster.Client.GetGrain<IAccountGrain>("m-" + i).Deposit(1)));

        var report = await cluster.Client.GetGrain<IManagementGrain>(0).GetClusterReport();

        Assert.Equal(cluster.Silos.Select(s => s.SiloAddress.ToString()).Order(StringComparer.Ordinal), report.Silos.Select(s => s.Address));
        Assert.All(report.Silos, s =>
        {
            Assert.True(s.Reachable);
            Assert.Equal(SiloStatus.Active, s.Status);
            Assert.True(s.UptimeSeconds > 0);
            Assert.StartsWith("silo-", s.Name);
        });
        Assert.Equal([new GrainTypeActivations("account", 90)], report.GrainTypes);
        Assert.Equal(90, report.TotalActivations);
        foreach (var silo in cluster.Silos)
        {
            var accounts = silo.Services.GetRequiredService<ActivationCatalog>().Activations.Count(a => a.GrainId.Type == "account");
            Assert.Equal(accounts, report.Silos.Single(s => s.Address == silo.SiloAddress.ToString()).Activations);
        }
    }

    [Fact]
    public async Task A_single_silo_without_clustering_reports_itself()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseFlowSilo(silo => silo.Configure(o => o.SiloName = "solo").AddMemoryGrainStorage());
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IAccountGrain>("a").Deposit(1);

        var report = await grains.GetGrain<IManagementGrain>(0).GetClusterReport();

        var silo = Assert.Single(report.Silos);
        Assert.Equal("solo", silo.Name);
        Assert.Equal(SiloStatus.Active, silo.Status);
        Assert.Equal(1, silo.Activations);
        await host.StopAsync();
    }
}
