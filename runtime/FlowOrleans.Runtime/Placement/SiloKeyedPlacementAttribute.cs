namespace FlowOrleans.Runtime;

/// <summary>
/// Places each grain of the class on the silo its key names (the key is <see cref="SiloAddress.ToString"/>),
/// instead of on its ring owner: one activation per silo, for per-silo system grains such as the statistics
/// grain that management asks. A call fails when that silo is not (or no longer) in the cluster.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SiloKeyedPlacementAttribute : Attribute;
