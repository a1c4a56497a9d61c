namespace FlowOrleans.Streaming.Windowing;

/// <summary>Maps an event time to the starts of the fixed-size windows <c>[start, start + Size)</c> that contain it.</summary>
public interface IWindowAssigner
{
    /// <summary>The length of every window, in milliseconds.</summary>
    long Size { get; }

    /// <summary>The most windows one timestamp can belong to (the length <see cref="Assign"/> needs).</summary>
    int MaxWindowsPerEvent { get; }

    /// <summary>Writes the window starts containing <paramref name="ts"/>, oldest first; returns how many.</summary>
    int Assign(long ts, Span<long> starts);
}
