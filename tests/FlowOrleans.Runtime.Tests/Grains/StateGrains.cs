namespace FlowOrleans.Runtime.Tests;

public sealed class CounterState
{
    public int Value { get; set; }

    public List<string> History { get; set; } = [];

    public IPeerGrain? Peer { get; set; }
}

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task Save();

    Task<int> Get();

    Task<string?> Etag();

    Task SetPeer(IPeerGrain peer);

    Task<string> CallPeer(string text);

    Task Deactivate();
}

public class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public Task<int> Add(int amount)
    {
        state.State.Value += amount;
        state.State.History.Add($"+{amount}");
        return Task.FromResult(state.State.Value);
    }

    public Task Save() => state.WriteStateAsync();

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<string?> Etag() => Task.FromResult(state.Etag);

    public Task SetPeer(IPeerGrain peer)
    {
        state.State.Peer = peer;
        return state.WriteStateAsync();
    }

    public Task<string> CallPeer(string text) => state.State.Peer!.Echo(text);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public interface IFileCounterGrain : ICounterGrain;

public class FileCounterGrain([PersistentState("counter", "files")] IPersistentState<CounterState> state) : CounterGrain(state), IFileCounterGrain;

public interface IPeerGrain : IGrainWithIntegerKey
{
    Task<string> Echo(string text);
}

public class PeerGrain : Grain, IPeerGrain
{
    public Task<string> Echo(string text) => Task.FromResult($"{this.GetPrimaryKeyLong()}:{text}");
}
