namespace FlowOrleans.Streaming.Windowing;

/// <summary>What <see cref="WindowState.Apply"/> or <see cref="SessionWindowState.Apply"/> did with an event.</summary>
public enum ApplyOutcome
{
    /// <summary>Aggregated into a window that has not fired yet.</summary>
    Accepted,

    /// <summary>Aggregated into a window that already fired (allowed lateness): an updated result is pending.</summary>
    AcceptedUpdate,

    /// <summary>Already applied (its offset is at or below the partition's last applied offset): ignored.</summary>
    Duplicate,

    /// <summary>The window is closed: the event goes to the late records.</summary>
    Late,
}
