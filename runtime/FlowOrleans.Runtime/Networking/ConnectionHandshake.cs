namespace FlowOrleans.Runtime.Networking;

/// <summary>Who is on one side of a connection.</summary>
public enum ConnectionRole : byte
{
    /// <summary>A silo (silo-to-silo connection).</summary>
    Silo = 1,

    /// <summary>An external client connected to a gateway.</summary>
    Client = 2,

    /// <summary>A gateway answering an external client.</summary>
    Gateway = 3,
}

/// <summary>The first frame on a connection: the sender's role and, for silos and gateways, its address (endpoint + generation).</summary>
/// <param name="Role">What the sender is.</param>
/// <param name="Silo">The sender's silo address; null for a client.</param>
public readonly record struct ConnectionHandshake(ConnectionRole Role, SiloAddress? Silo);
