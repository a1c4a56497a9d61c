namespace FlowOrleans.Runtime;

/// <summary>How a grain timer fires.</summary>
/// <param name="DueTime">Delay before the first tick.</param>
/// <param name="Period">Delay between the end of one tick and the start of the next; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</param>
/// <param name="KeepAlive">When true, ticks count as activity and keep the activation from being collected.</param>
public readonly record struct GrainTimerOptions(TimeSpan DueTime, TimeSpan Period, bool KeepAlive = false);

/// <summary>A registered grain timer. Disposing it stops further ticks.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes the due time and period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
