using FlowOrleans.Durability.AzureTables.Results;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Hosting;

/// <summary>
/// Rebuilds the gateway's <see cref="ResultMirror"/> from the result tables when the host starts (before any other
/// hosted service: it is registered first), and stops following the journals when the host stops. A service built
/// before the host starts (a hosted service's constructor) waits for the rebuild once.
/// </summary>
public sealed class AzureResultMirrorStarter(IOptions<AzureTableResultStoreOptions> options) : IHostedService
{
    private readonly Lazy<Task<ResultMirror>> _start = new(() => ResultMirror.StartAsync(options.Value));

    /// <summary>The started mirror.</summary>
    public ResultMirror Mirror => _start.Value.GetAwaiter().GetResult();

    /// <summary>True once the mirror has been rebuilt from the tables.</summary>
    public bool Ready => _start.IsValueCreated && _start.Value.IsCompletedSuccessfully;

    public Task StartAsync(CancellationToken cancellationToken) => _start.Value.WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Ready ? Mirror.StopAsync() : Task.CompletedTask;
}
