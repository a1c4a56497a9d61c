using System.Collections.Concurrent;

namespace FlowOrleans.Runtime;

/// <summary>
/// The activations of this silo, keyed by grain id. <see cref="GetOrCreate"/> is atomic, so concurrent
/// first calls share one activation (constructing an <see cref="ActivationData"/> has no side effects; the
/// grain itself is built in the activation's first turn).
/// </summary>
internal sealed class ActivationCatalog
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private SiloRuntimeContext? _silo;

    public int Count => _activations.Count;

    public ICollection<ActivationData> Activations => _activations.Values;

    public void Initialize(SiloRuntimeContext silo) => _silo = silo;

    public ActivationData GetOrCreate(GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        var grainClass = GrainCodeRegistry.FindClass(grainId.Type)
            ?? throw new GrainCallFailedException($"No grain class has grain type '{grainId.Type}' (grain {grainId}).");
        return _activations.GetOrAdd(grainId, static (id, state) => new ActivationData(id, state.grainClass, state.silo), (grainClass, silo: _silo!));
    }

    public bool TryGet(GrainId grainId, out ActivationData activation) => _activations.TryGetValue(grainId, out activation!);

    public void Remove(ActivationData activation) => _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));

    /// <summary>Requests deactivation of activations idle longer than <paramref name="age"/>; returns how many.</summary>
    public int CollectIdle(TimeSpan age, long now)
    {
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.IsIdleLongerThan(age, now))
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"Idle for more than {age}."));
                collected++;
            }
        }

        return collected;
    }

    /// <summary>Drops every activation without deactivating it (a crash, or a silo the cluster declared dead); returns how many.</summary>
    public int AbandonAll(string why)
    {
        var abandoned = 0;
        foreach (var activation in _activations.Values.ToArray())
        {
            activation.Abandon(new GrainCallFailedException($"Activation {activation.GrainId} was dropped: {why}"));
            abandoned++;
        }

        return abandoned;
    }

    /// <summary>Deactivates every activation (graceful silo stop) and waits for them.</summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping.");
        while (!_activations.IsEmpty)
        {
            var activations = _activations.Values.ToArray();
            foreach (var activation in activations)
            {
                activation.RequestDeactivation(reason);
            }

            await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
