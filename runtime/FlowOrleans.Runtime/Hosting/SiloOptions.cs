using System.Net;
using System.Text.Json;

namespace FlowOrleans.Runtime;

/// <summary>Options of the silo. Validated at start-up by <see cref="SiloOptionsValidator"/>.</summary>
public sealed class SiloOptions
{
    /// <summary>The silo's name (for logs and the dashboard). Default: the machine name.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>The endpoint other silos reach this one at; null on a single silo (loopback, port 0).</summary>
    public IPEndPoint? Endpoint { get; set; }

    /// <summary>The deadline of each grain call; a missed deadline raises <see cref="GrainCallTimeoutException"/>. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an activation may stay idle before it is collected. Default 15 min (as Orleans).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the idle collector runs. Default 1 min; must not exceed <see cref="CollectionAge"/>.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long <see cref="Grain.OnDeactivateAsync"/> may take before its token is cancelled. Default 30 s.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful stop waits for all activations to deactivate. Default 60 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many work items one scheduling run of an activation processes before yielding the thread. Default 64.</summary>
    public int MaxWorkItemsPerRun { get; set; } = 64;

    /// <summary>
    /// Serializer options for grain state and message arguments. Add source-generated contexts with
    /// <see cref="JsonSerializerOptions.TypeInfoResolverChain"/>. Grain references are handled by the runtime.
    /// </summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);
}
