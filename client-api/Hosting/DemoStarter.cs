using FlowOrleans.ClientApi.Generator;
using Microsoft.Extensions.Options;

namespace FlowOrleans.ClientApi.Hosting;

/// <summary>Starts the event generator once the node is up, when <c>--demo</c> was given; stops it on shutdown.</summary>
internal sealed class DemoStarter(EventGenerator generator, IOptions<FlowNodeOptions> options, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Demo)
        {
            lifetime.ApplicationStarted.Register(() => _ = generator.StartAsync(new GeneratorSettings()));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => generator.StopAsync();
}
