using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.Tests;

public class HostingTests
{
    [Fact]
    public async Task InvalidOptionsFailAtStartUpNamingTheProperty()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseFlowSilo(s => s.Configure(o => o.ResponseTimeout = TimeSpan.FromSeconds(-1)));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("ResponseTimeout", error.Message);
    }

    [Fact]
    public async Task UseFlowSiloTwiceAddsOneSiloAndCoHostedClients()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseFlowSilo(s => s.AddMemoryGrainStorage());
        builder.UseFlowSilo(s => s.Configure(o => o.SiloName = "twice"));
        using var host = builder.Build();
        await host.StartAsync();

        Assert.Single(host.Services.GetServices<IHostedService>());
        Assert.Same(host.Services.GetRequiredService<IGrainFactory>(), host.Services.GetRequiredService<IClusterClient>());
        Assert.True(host.Services.GetRequiredService<IClusterClient>().IsConnected);
        Assert.Equal(9, await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ILifecycleGrain>("x").Echo(9));
        Assert.Equal("twice", host.Services.GetRequiredService<ILocalSiloDetails>().Name);
        await host.StopAsync();
    }

    [Fact]
    public async Task GenericHostBuilderRunsASilo()
    {
        using var host = new HostBuilder().UseFlowSilo().UseFlowSilo(s => s.AddMemoryGrainStorage()).Build();
        await host.StartAsync();
        Assert.Equal(3, await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ILifecycleGrain>("generic").Echo(3));
        await host.StopAsync();
        Assert.Equal(SiloStatus.Dead, host.Services.GetRequiredService<ILocalSiloDetails>().Status);
    }

    [Fact]
    public async Task StatisticsCountActivationsCallsAndFailures()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>(Guid.NewGuid().ToString());
        for (var i = 0; i < 10; i++)
        {
            await grain.Echo(i);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("x"));
        var snapshot = silo.Host.Services.GetRequiredService<IRuntimeStatistics>().GetSnapshot();

        Assert.Equal(SiloStatus.Active, snapshot.Status);
        Assert.True(snapshot.GrainTypes.Single(t => t.GrainType == "lifecycle").Activations >= 1);
        var echo = snapshot.Methods.Single(m => m.GrainType == "lifecycle" && m.MethodName == "Echo");
        Assert.True(echo.Calls >= 10);
        Assert.True(echo.P99LatencyMs >= echo.P50LatencyMs);
        Assert.True(snapshot.Methods.Single(m => m.GrainType == "lifecycle" && m.MethodName == "Fail").Failures >= 1);
    }
}
