using FlowOrleans.Durability.AzureTables.Log;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Hosting;

/// <summary>
/// Opens the table ingest log asynchronously when the host starts, before any other hosted service (it is registered
/// first), so no grain activation ever blocks a thread on storage round trips to get the log.
/// </summary>
public sealed class AzureIngestLogOpener(IOptions<AzureTableIngestLogOptions> options) : IHostedService
{
    private AzureTableIngestLog? _log;

    /// <summary>The open log; throws before the host started.</summary>
    public AzureTableIngestLog Log => _log ?? throw new InvalidOperationException("The table ingest log is opened when the host starts; it is not open yet.");

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _log ??= await AzureTableIngestLog.OpenAsync(options.Value, cancellationToken).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
