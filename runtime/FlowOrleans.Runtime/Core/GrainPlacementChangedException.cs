namespace FlowOrleans.Runtime;

/// <summary>
/// A request reached a silo that does not own the grain after it was already forwarded once (membership is
/// changing). Retryable: the next attempt is placed with the newer membership.
/// </summary>
public sealed class GrainPlacementChangedException(string message) : GrainCallFailedException(message);
