using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Runtime.Tests;

public class WebHostTests
{
    [Fact]
    public async Task AnEndpointCallsGrainsThroughTheCoHostedClient()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.UseFlowSilo();
        builder.UseFlowSilo(s => s.AddMemoryGrainStorage());
        await using var app = builder.Build();
        app.MapGet("/echo/{n:int}", async (int n, IClusterClient client) => await client.GetGrain<ILifecycleGrain>("web").Echo(n));
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        Assert.Equal("41", await http.GetStringAsync("/echo/41"));
        await app.StopAsync();
    }
}
