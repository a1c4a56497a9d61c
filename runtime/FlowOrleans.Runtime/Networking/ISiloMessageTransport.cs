namespace FlowOrleans.Runtime.Networking;

/// <summary>
/// Silo-to-silo messaging: one connection per silo pair, length-prefixed frames, responses matched to
/// requests by correlation id. The dispatcher sends requests for grains placed elsewhere through it, and
/// the membership service probes other silos through it.
/// </summary>
public interface ISiloMessageTransport
{
    /// <summary>
    /// Sends <paramref name="request"/> to <paramref name="target"/> and completes with the response message.
    /// Fails with <see cref="SiloUnavailableException"/> when the silo cannot be reached or the connection is
    /// lost while the call is in flight, and with <see cref="GrainCallTimeoutException"/> at the message's deadline.
    /// </summary>
    Task<Message> SendRequestAsync(SiloAddress target, Message request, CancellationToken cancellationToken = default);

    /// <summary>One membership probe: completes when <paramref name="target"/> answered a ping; throws otherwise.</summary>
    Task ProbeAsync(SiloAddress target, CancellationToken cancellationToken);
}

/// <summary>A silo could not be reached, or the connection to it was lost while a call was in flight.</summary>
public sealed class SiloUnavailableException(SiloAddress silo, string message, Exception? inner = null)
    : GrainCallFailedException(message, inner)
{
    /// <summary>The silo that could not be reached.</summary>
    public SiloAddress Silo { get; } = silo;
}
