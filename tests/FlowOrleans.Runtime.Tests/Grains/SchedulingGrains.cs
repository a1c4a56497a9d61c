namespace FlowOrleans.Runtime.Tests;

public interface IBlockingGrain : IGrainWithStringKey
{
    /// <summary>Enters, waits for the gate named <paramref name="gate"/>, exits.</summary>
    Task Block(string gate);

    [ReadOnly]
    Task BlockReadOnly(string gate);

    [AlwaysInterleave]
    Task<int> EnteredCount();

    /// <summary>Appends (caller, n) to the log in two halves around an await; a torn pair shows interleaving.</summary>
    Task Append(int caller, int n);
}

public class BlockingGrain : Grain, IBlockingGrain
{
    private ProbeRecord Probe => Tests.Probe.For(this.GetPrimaryKeyString());

    public async Task Block(string gate)
    {
        Probe.Enter();
        try
        {
            await Probe.Gate(gate).Task;
        }
        finally
        {
            Probe.Exit();
        }
    }

    public Task BlockReadOnly(string gate) => Block(gate);

    public Task<int> EnteredCount() => Task.FromResult(Probe.Entered);

    public async Task Append(int caller, int n)
    {
        Probe.Enter();
        Probe.Log.Enqueue($"{caller}:{n}:begin");
        await Task.Yield();
        Probe.Log.Enqueue($"{caller}:{n}:end");
        Probe.Exit();
    }
}

public interface IReentrantBlockingGrain : IGrainWithStringKey
{
    Task Block(string gate);
}

[Reentrant]
public class ReentrantBlockingGrain : Grain, IReentrantBlockingGrain
{
    public async Task Block(string gate)
    {
        var probe = Probe.For(this.GetPrimaryKeyString());
        probe.Enter();
        try
        {
            await probe.Gate(gate).Task;
        }
        finally
        {
            probe.Exit();
        }
    }
}
