namespace FlowOrleans.Cluster.Tests.Grains;

public sealed class AccountState
{
    public long Balance { get; set; }

    public long Deposits { get; set; }
}

public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Adds to the balance and writes the state.</summary>
    Task<long> Deposit(long amount);

    /// <summary>Adds to the balance in memory only; the grain checkpoints when it deactivates.</summary>
    Task<long> DepositUnsaved(long amount);

    Task<long> Balance();

    /// <summary>The silo hosting this activation.</summary>
    Task<string> Silo();

    /// <summary>Writes the state as this activation holds it.</summary>
    Task Save();
}

[GrainType("account")]
public sealed class AccountGrain([PersistentState("account")] IPersistentState<AccountState> state, ILocalSiloDetails silo) : Grain, IAccountGrain
{
    public async Task<long> Deposit(long amount)
    {
        state.State.Balance += amount;
        state.State.Deposits++;
        await state.WriteStateAsync();
        return state.State.Balance;
    }

    public Task<long> DepositUnsaved(long amount)
    {
        state.State.Balance += amount;
        state.State.Deposits++;
        return Task.FromResult(state.State.Balance);
    }

    public Task<long> Balance() => Task.FromResult(state.State.Balance);

    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToString());

    public Task Save() => state.WriteStateAsync();

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        state.WriteStateAsync(cancellationToken);
}
