namespace FlowOrleans.Runtime;

/// <summary>
/// Base class of grain implementations. A grain class implements one or more grain interfaces; the
/// runtime activates it on first call, runs one turn at a time on it, and deactivates it when idle.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    /// <summary>Creates the grain. While the runtime constructs an activation, the context is already available.</summary>
    protected Grain() => _context = GrainContextScope.Constructing;

    /// <summary>The runtime context of this activation.</summary>
    public IGrainContext GrainContext
    {
        get => _context ?? throw new InvalidOperationException("This grain was not created by the FlowOrleans runtime.");
        internal set => _context = value;
    }

    /// <summary>The id of this grain.</summary>
    public GrainId GrainId => GrainContext.GrainId;

    /// <summary>A factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    /// <summary>This grain's string key.</summary>
    public string GetPrimaryKeyString() => GrainId.Key;

    /// <summary>This grain's integer key.</summary>
    public long GetPrimaryKeyLong() => long.Parse(GrainId.Key, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Called once when the activation starts, before the first call is delivered.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once when the activation stops (idle collection, <see cref="DeactivateOnIdle"/> or shutdown).</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current turn ends. Later calls reach a new activation.</summary>
    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();

    /// <summary>Postpones idle collection of this activation.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => GrainContext.DelayDeactivation(timeSpan);

    /// <summary>Registers a timer whose callbacks run as turns of this activation and never overlap.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period, bool keepAlive = false)
        => GrainContext.RegisterTimer(callback, new GrainTimerOptions(dueTime, period, keepAlive));
}

/// <summary>Carries the context of the activation being constructed to the <see cref="Grain"/> constructor.</summary>
internal static class GrainContextScope
{
    [ThreadStatic]
    private static IGrainContext? s_constructing;

    public static IGrainContext? Constructing => s_constructing;

    public static T Construct<T>(IGrainContext context, Func<T> factory)
    {
        var previous = s_constructing;
        s_constructing = context;
        try
        {
            return factory();
        }
        finally
        {
            s_constructing = previous;
        }
    }
}
