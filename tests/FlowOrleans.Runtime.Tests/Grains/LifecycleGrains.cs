namespace FlowOrleans.Runtime.Tests;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<Guid> GetActivationId();

    Task Deactivate();

    Task<string> Fail(string message);

    Task<string> FailAfterAwait(string message);

    Task Hang();

    ValueTask<int> Echo(int value);

    ValueTask Nothing();

    Task StartTimer(TimeSpan period, bool keepAlive);

    Task StopTimer();

    Task<int> Work();

    Task KeepAliveFor(TimeSpan time);
}

[GrainType("lifecycle")]
public class LifecycleGrain : Grain, ILifecycleGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private IGrainTimer? _timer;

    public LifecycleGrain() => Probe.OnConstructed();

    private ProbeRecord Probe => Tests.Probe.For(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Probe.OnActivated();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.LastDeactivationReason = reason.Code;
        if (Probe.Gates.TryGetValue("deactivate", out var gate))
        {
            Probe.Log.Enqueue("deactivating");
            await gate.Task;
        }

        Probe.OnDeactivated();
    }

    public Task<Guid> GetActivationId() => Task.FromResult(_activationId);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<string> Fail(string message) => throw new InvalidOperationException(message);

    public async Task<string> FailAfterAwait(string message)
    {
        await Task.Yield();
        throw new ArgumentException(message);
    }

    public Task Hang() => Probe.Gate("hang").Task;

    public ValueTask<int> Echo(int value) => ValueTask.FromResult(value);

    public ValueTask Nothing() => ValueTask.CompletedTask;

    public Task StartTimer(TimeSpan period, bool keepAlive)
    {
        _timer = RegisterGrainTimer(async _ =>
        {
            Probe.Enter();
            Probe.OnTick();
            await Task.Yield();
            Probe.Exit();
        }, period, period, keepAlive);
        return Task.CompletedTask;
    }

    public Task StopTimer()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task KeepAliveFor(TimeSpan time)
    {
        DelayDeactivation(time);
        return Task.CompletedTask;
    }

    public async Task<int> Work()
    {
        Probe.Enter();
        await Task.Yield();
        Probe.Exit();
        return Probe.Ticks;
    }
}
