namespace FlowOrleans.Runtime.Client;

/// <summary>An external client could reach no gateway; the message lists what it tried.</summary>
public sealed class GatewayUnavailableException(string message, Exception? inner = null) : GrainCallFailedException(message, inner);
