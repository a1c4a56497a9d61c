using FlowOrleans.Runtime.Membership;
using Microsoft.Extensions.Logging;

namespace FlowOrleans.Runtime;

/// <summary>
/// Hands grains off when membership changes: after every new view, each local activation whose grain
/// placement now puts on another silo is deactivated gracefully (<see cref="Grain.OnDeactivateAsync"/>
/// runs with <see cref="DeactivationReasonCode.Migrating"/>, so the grain checkpoints), and its next call
/// activates it on the new owner. Placement and this check use the same view, so the catalog keeps only
/// grains the dispatcher would route here.
/// </summary>
internal sealed partial class ActivationHandoff(
    IClusterMembershipView view,
    IPlacementDirector placement,
    ILocalSiloDetails localSilo,
    ActivationCatalog catalog,
    ILogger<ActivationHandoff> logger) : IDisposable
{
    private IDisposable? _subscription;

    /// <summary>Starts watching the membership view.</summary>
    public void Start() => _subscription ??= view.Subscribe(OnMembershipChanged);

    /// <summary>Deactivates the activations this silo no longer owns; returns how many.</summary>
    public int HandOff()
    {
        if (localSilo.Status != SiloStatus.Active)
        {
            return 0;
        }

        var moved = 0;
        foreach (var activation in catalog.Activations)
        {
            SiloAddress owner;
            try
            {
                owner = placement.PlaceGrain(activation.GrainId);
            }
            catch (GrainCallFailedException)
            {
                owner = default;
            }

            if (owner != localSilo.SiloAddress)
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.Migrating, $"Placement moved the grain to {owner}."));
                moved++;
            }
        }

        if (moved > 0)
        {
            LogHandedOff(logger, moved, view.Current.Version);
        }

        return moved;
    }

    private void OnMembershipChanged(ClusterMembershipSnapshot snapshot) => HandOff();

    public void Dispose() => _subscription?.Dispose();

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Membership version {Version}: handing off {Count} activations to their new owners")]
    private static partial void LogHandedOff(ILogger logger, int count, long version);
}
