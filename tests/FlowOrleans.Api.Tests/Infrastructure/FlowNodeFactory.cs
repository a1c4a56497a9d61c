using FlowOrleans.Durability.Log;
using FlowOrleans.Grains.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Api.Tests.Infrastructure;

/// <summary>
/// A whole node (embedded silo, stream grains, gateway) in the test process, on its own temporary data directory,
/// with fast checkpoints and polls. Used as a class fixture: <see cref="InitializeAsync"/> waits for <c>/health/ready</c>.
/// </summary>
public class FlowNodeFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Where this node keeps its state; deleted on dispose.</summary>
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "flow-api-" + Guid.NewGuid().ToString("N"));

    /// <summary>Settings on top of the test defaults (<c>Flow:…</c> keys).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public virtual async Task InitializeAsync()
    {
        using var client = CreateClient();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, "the node to be ready");
    }

    /// <summary>
    /// Waits until every partition has committed every event appended so far. A partition commits only after its
    /// checkpoint, which comes after it processed and reported those events and asks the watermark grains to write: so
    /// then the watermark those events moved is written, and every partition learns it with its next report. (A
    /// checkpoint time after some moment is no such proof: once the partitions have checkpointed what they read, none
    /// checkpoints again, and a checkpoint that completes later may have asked the watermark grain before it moved.)
    /// </summary>
    public Task AllCommittedAsync()
    {
        var log = Services.GetRequiredService<IIngestLog>();
        var ends = Enumerable.Range(0, log.PartitionCount).Select(log.GetEndOffset).ToArray();
        return Eventually.TrueAsync(
            () => Enumerable.Range(0, ends.Length).All(p => log.GetCommittedOffset(p) >= ends[p]),
            "every partition to commit the events appended so far");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS may still hold a file for a moment.
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Flow:DataDir", DataDir);
        builder.UseSetting("Flow:CheckpointInterval", "00:00:00.250");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.Configure<StreamOptions>(o => o.PollInterval = TimeSpan.FromMilliseconds(50)));
    }
}
