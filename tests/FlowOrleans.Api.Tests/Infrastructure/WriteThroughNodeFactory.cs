using FlowOrleans.Grains.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Api.Tests.Infrastructure;

/// <summary>A node whose stream grains write every batch through before they acknowledge it, as in a cluster (<see cref="StreamOptions.WriteThrough"/>).</summary>
public sealed class WriteThroughNodeFactory : FlowNodeFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<StreamOptions>(o => o.WriteThrough = true));
    }
}
