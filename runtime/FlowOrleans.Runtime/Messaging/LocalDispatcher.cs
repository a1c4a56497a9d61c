using FlowOrleans.Runtime.Networking;

namespace FlowOrleans.Runtime;

/// <summary>
/// The single entry point for requests addressed to this silo: local calls and, later, requests that a
/// network layer decoded from a <see cref="Message"/>. It asks placement for the silo, finds or creates the
/// activation in the catalog, and queues the request there.
/// </summary>
internal sealed class LocalDispatcher(SiloRuntimeContext silo, IPlacementDirector placement, ILocalSiloDetails localSilo)
{
    private volatile bool _stopping;
    private RemoteRequestSender? _remote;

    public bool IsStopping => _stopping;

    public void BeginStopping() => _stopping = true;

    /// <summary>
    /// Delivers <paramref name="request"/> (its target is set) and returns the activation it reached, or null when
    /// the grain is placed on another silo and the request was sent there. The grain's placement decides first,
    /// for existing activations too: an activation this silo no longer owns (a handoff in progress) receives
    /// nothing new, so catalog and dispatcher agree on the owner.
    /// </summary>
    public ActivationData? Dispatch(ActivationRequest request)
    {
        var target = request.TargetId;
        var destination = placement.PlaceGrain(target);
        if (destination != localSilo.SiloAddress)
        {
            SendRemote(destination, request);
            return null;
        }

        if (!silo.Catalog.TryGet(target, out var activation))
        {
            if (_stopping)
            {
                throw new GrainCallFailedException($"The silo is stopping; cannot activate {target}.");
            }

            activation = silo.Catalog.GetOrCreate(target);
        }

        activation.Enqueue(request);
        return activation;
    }

    private void SendRemote(SiloAddress destination, ActivationRequest request)
    {
        var target = request.TargetId;
        if (request is not GrainRequest grainRequest)
        {
            throw new GrainCallFailedException($"Grain {target} is placed on {destination}; only grain calls can be sent to another silo.");
        }

        if (request.ForwardCount >= 1)
        {
            throw new GrainPlacementChangedException(
                $"Grain {target} is placed on {destination}, not on this silo ({localSilo.SiloAddress}), and the request was already forwarded once: membership is changing. Retry the call.");
        }

        var remote = _remote ??= CreateRemoteSender()
            ?? throw new GrainCallFailedException($"Grain {target} is placed on {destination}, but this silo has no remote transport (ISiloBuilder.UseTcpTransport).");
        remote.Send(destination, grainRequest);
    }

    private RemoteRequestSender? CreateRemoteSender()
        => silo.Services.GetService(typeof(ISiloMessageTransport)) is ISiloMessageTransport transport
            ? new RemoteRequestSender(transport, (MessageDispatcher)silo.Services.GetService(typeof(MessageDispatcher))!)
            : null;

    /// <summary>Sends a request that reached a deactivated activation on to the next one.</summary>
    public void Reroute(ActivationRequest request)
    {
        if (request is not GrainRequest)
        {
            request.Fail(new GrainCallFailedException("The activation was deactivated."));
            return;
        }

        try
        {
            Dispatch(request);
        }
        catch (Exception exception)
        {
            request.Fail(exception);
        }
    }
}
