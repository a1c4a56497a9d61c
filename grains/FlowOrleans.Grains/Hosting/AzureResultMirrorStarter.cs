using FlowOrleans.Durability.AzureTables.Results;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Hosting;

/// <summary>
/// Rebuilds the gateway's <see cref="ResultMirror"/> from the result tables when the host starts (before any other
/// hosted service: it is registered first), and stops following the journals when the host stops.
/// </summary>
public sealed class AzureResultMirrorStarter(IOptions<AzureTableResultStoreOptions> options) : IHostedService
{
    private ResultMirror? _mirror;

    /// <summary>The started mirror; throws before the host started.</summary>
    public ResultMirror Mirror => _mirror ?? throw new InvalidOperationException("The result mirror is started with the host; it is not started yet.");

    /// <summary>True once the mirror has been rebuilt from the tables.</summary>
    public bool Ready => _mirror?.Ready ?? false;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _mirror ??= await ResultMirror.StartAsync(options.Value, cancellationToken).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => _mirror?.StopAsync() ?? Task.CompletedTask;
}
