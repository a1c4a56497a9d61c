using FlowOrleans.Durability.AzureTables.Log;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Hosting;

/// <summary>
/// Opens the table ingest log asynchronously when the host starts, before any other hosted service (it is registered
/// first), so no grain activation blocks a thread on storage round trips to get the log. A service built before the
/// host starts (a hosted service's constructor) waits for the opening once.
/// </summary>
public sealed class AzureIngestLogOpener(IOptions<AzureTableIngestLogOptions> options) : IHostedService
{
    private readonly Lazy<Task<AzureTableIngestLog>> _open = new(() => AzureTableIngestLog.OpenAsync(options.Value));

    /// <summary>The open log.</summary>
    public AzureTableIngestLog Log => _open.Value.GetAwaiter().GetResult();

    public Task StartAsync(CancellationToken cancellationToken) => _open.Value.WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
