using Microsoft.Extensions.DependencyInjection;

namespace FlowOrleans.Runtime;

/// <summary>Creates the <see cref="IPersistentState{TState}"/> of a <see cref="PersistentStateAttribute"/> constructor parameter (generated code).</summary>
public static class PersistentStateFactory
{
    /// <summary>Creates the state <paramref name="stateName"/> on storage <paramref name="storageName"/> (or <see cref="GrainStorageNames.Default"/>).</summary>
    public static IPersistentState<TState> Create<TState>(IGrainContext context, string stateName, string? storageName) where TState : new()
    {
        var name = storageName ?? GrainStorageNames.Default;
        var storage = context.ActivationServices.GetKeyedService<IGrainStorage>(name)
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered (state '{stateName}' of {context.GrainId}). Use ISiloBuilder.AddMemoryGrainStorage or AddFileGrainStorage.");
        var state = new PersistentState<TState>(stateName, context.GrainId, storage);
        if (context is ActivationData activation)
        {
            activation.AddPersistentState(state);
        }

        return state;
    }
}

/// <summary>Well-known grain storage names.</summary>
public static class GrainStorageNames
{
    /// <summary>The provider used when <see cref="PersistentStateAttribute.StorageName"/> is null.</summary>
    public const string Default = "Default";
}
