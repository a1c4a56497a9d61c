using System.Collections.Concurrent;

namespace FlowOrleans.Networking.Tests;

public interface IRemoteGrain : IGrainWithStringKey
{
    Task<string> WhereAmI();

    ValueTask<int> Add(int left, int right);

    Task Touch();

    Task<int> Touches();

    Task Fail(string message);

    Task<string> Block(string gate);

    Task<string> CallPeer(IRemoteGrain peer, string text);

    Task<IRemoteGrain> Self();
}

/// <summary>A grain that reports where it runs, adds, fails, blocks on a gate, and calls grains it is given.</summary>
public sealed class RemoteGrain(ILocalSiloDetails silo) : Grain, IRemoteGrain
{
    private int _touches;

    public Task<string> WhereAmI() => Task.FromResult(silo.Name);

    public ValueTask<int> Add(int left, int right) => ValueTask.FromResult(left + right);

    public Task Touch()
    {
        _touches++;
        return Task.CompletedTask;
    }

    public Task<int> Touches() => Task.FromResult(_touches);

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public async Task<string> Block(string gate)
    {
        await Gates.Enter(gate);
        return gate;
    }

    public async Task<string> CallPeer(IRemoteGrain peer, string text) => $"{await peer.WhereAmI()}:{text}";

    public Task<IRemoteGrain> Self() => Task.FromResult(GrainFactory.GetGrain<IRemoteGrain>(GetPrimaryKeyString()));
}

/// <summary>Gates that blocked grain calls wait on; tests see who entered and open them.</summary>
public static class Gates
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Open = new();
    private static readonly ConcurrentDictionary<string, int> Entered = new();

    public static Task Enter(string gate)
    {
        Entered.AddOrUpdate(gate, 1, (_, n) => n + 1);
        return Open.GetOrAdd(gate, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    public static int EnteredCount(string gate) => Entered.GetValueOrDefault(gate);

    public static void Release(string gate) => Open.GetOrAdd(gate, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
