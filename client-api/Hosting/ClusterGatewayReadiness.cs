using FlowOrleans.GrainInterfaces;
using FlowOrleans.Grains.Hosting;
using FlowOrleans.Runtime;

namespace FlowOrleans.ClientApi.Hosting;

/// <summary>
/// Readiness of the cluster gateway: the result mirror is rebuilt and the silos answer a grain call (the pipeline
/// catalog, which every partition needs). A successful check is trusted for a second.
/// </summary>
public sealed class ClusterGatewayReadiness(AzureResultMirrorStarter mirror, IGrainFactory grains, TimeProvider time)
{
    private long _readyUntil;

    public async Task<bool> CheckAsync()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (now < Volatile.Read(ref _readyUntil))
        {
            return true;
        }

        if (!mirror.Ready)
        {
            return false;
        }

        try
        {
            await grains.GetGrain<IPipelineCatalogGrain>(GrainKeys.Catalog).GetIfChangedAsync(long.MaxValue).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is GrainCallFailedException or TimeoutException or InvalidOperationException)
        {
            return false;
        }

        Volatile.Write(ref _readyUntil, now + 1000);
        return true;
    }
}
