using System.Collections.Concurrent;

namespace FlowOrleans.Runtime.Tests;

/// <summary>What test grains report to tests, keyed by grain key (each test uses fresh keys).</summary>
public static class Probe
{
    private static readonly ConcurrentDictionary<string, ProbeRecord> Records = new();

    public static ProbeRecord For(string key) => Records.GetOrAdd(key, _ => new ProbeRecord());
}

public sealed class ProbeRecord
{
    private int _constructed;
    private int _activated;
    private int _deactivated;
    private int _inTurn;
    private int _maxConcurrent;
    private int _overlaps;
    private int _ticks;

    public int Constructed => Volatile.Read(ref _constructed);

    public int Activated => Volatile.Read(ref _activated);

    public int Deactivated => Volatile.Read(ref _deactivated);

    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

    public int Overlaps => Volatile.Read(ref _overlaps);

    public int Ticks => Volatile.Read(ref _ticks);

    public int Entered => Volatile.Read(ref _inTurn);

    public ConcurrentQueue<string> Log { get; } = new();

    public ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();

    public DeactivationReasonCode LastDeactivationReason { get; set; }

    public TaskCompletionSource Gate(string name) => Gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void OnConstructed() => Interlocked.Increment(ref _constructed);

    public void OnActivated() => Interlocked.Increment(ref _activated);

    public void OnDeactivated() => Interlocked.Increment(ref _deactivated);

    public void OnTick() => Interlocked.Increment(ref _ticks);

    /// <summary>Marks a turn's start; counts overlaps and the largest number of turns in progress at once.</summary>
    public void Enter()
    {
        var now = Interlocked.Increment(ref _inTurn);
        if (now > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        int max;
        while (now > (max = Volatile.Read(ref _maxConcurrent)) && Interlocked.CompareExchange(ref _maxConcurrent, now, max) != max)
        {
        }
    }

    public void Exit() => Interlocked.Decrement(ref _inTurn);
}
