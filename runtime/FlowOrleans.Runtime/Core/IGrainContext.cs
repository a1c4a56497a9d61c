namespace FlowOrleans.Runtime;

/// <summary>What an activation knows about itself; the runtime's side of a <see cref="Grain"/>.</summary>
public interface IGrainContext
{
    /// <summary>The id of the grain this activation serves.</summary>
    GrainId GrainId { get; }

    /// <summary>A factory for references to other grains.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>The activation's service provider (the silo's, with per-activation services).</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>Asks the runtime to deactivate this activation once the current turn ends.</summary>
    void DeactivateOnIdle();

    /// <summary>Postpones idle collection of this activation by at least <paramref name="timeSpan"/>.</summary>
    void DelayDeactivation(TimeSpan timeSpan);

    /// <summary>Registers a timer whose callbacks run as turns of this activation. Dispose the result to stop it.</summary>
    IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options);
}
