using FlowOrleans.Runtime;

namespace FlowOrleans.Bench;

/// <summary>The grain under benchmark: trivial methods, so the runtime's cost dominates.</summary>
public interface IBenchGrain : IGrainWithIntegerKey
{
    ValueTask<int> Ping(int value);

    Task<int> PingTask(int value);
}

/// <summary>Returns its argument plus one.</summary>
public sealed class BenchGrain : Grain, IBenchGrain
{
    public ValueTask<int> Ping(int value) => ValueTask.FromResult(value + 1);

    public Task<int> PingTask(int value) => Task.FromResult(value + 1);
}
