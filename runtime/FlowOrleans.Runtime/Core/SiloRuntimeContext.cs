using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime;

/// <summary>The silo-wide services every activation uses.</summary>
internal sealed class SiloRuntimeContext(
    IServiceProvider services,
    IOptions<SiloOptions> options,
    TimeProvider time,
    ActivationCatalog catalog,
    RuntimeStatistics statistics,
    ILoggerFactory loggerFactory)
{
    public IServiceProvider Services { get; } = services;

    public SiloOptions Options { get; } = options.Value;

    public TimeProvider Time { get; } = time;

    public ActivationCatalog Catalog { get; } = catalog;

    public RuntimeStatistics Statistics { get; } = statistics;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("FlowOrleans.Runtime.Activation");

    /// <summary>Set once the dispatcher is built (it depends on this context).</summary>
    public LocalDispatcher Dispatcher { get; set; } = null!;

    public IGrainFactory GrainFactory { get; set; } = null!;
}
