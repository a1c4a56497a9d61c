namespace FlowOrleans.Runtime;

/// <summary>Creates typed references to grains. A reference is cheap, needs no activation, and may be stored or passed as an argument.</summary>
public interface IGrainFactory
{
    /// <summary>Gets a reference to the grain of interface <typeparamref name="TGrainInterface"/> with the given string key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey;

    /// <summary>Gets a reference to the grain of interface <typeparamref name="TGrainInterface"/> with the given integer key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey;
}

/// <summary>A client of a cluster (co-hosted in a silo, or external): a grain factory that knows whether it is connected.</summary>
public interface IClusterClient : IGrainFactory
{
    /// <summary>True once the client can route calls.</summary>
    bool IsConnected { get; }
}
