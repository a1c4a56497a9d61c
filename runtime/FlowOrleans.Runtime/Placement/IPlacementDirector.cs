namespace FlowOrleans.Runtime;

/// <summary>Chooses the silo that hosts a grain's activation. The cluster replaces the single-silo director.</summary>
public interface IPlacementDirector
{
    /// <summary>The silo that should host <paramref name="grainId"/>.</summary>
    SiloAddress PlaceGrain(GrainId grainId);
}

/// <summary>Places every grain on the local silo (the single-silo default).</summary>
internal sealed class LocalPlacementDirector(ILocalSiloDetails localSilo) : IPlacementDirector
{
    public SiloAddress PlaceGrain(GrainId grainId) => localSilo.SiloAddress;
}
