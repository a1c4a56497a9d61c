using System.Net;

namespace FlowOrleans.Runtime;

/// <summary>The status of a silo.</summary>
public enum SiloStatus
{
    /// <summary>Created, not started.</summary>
    Created,

    /// <summary>Starting up.</summary>
    Joining,

    /// <summary>Serving calls.</summary>
    Active,

    /// <summary>Stopping gracefully: deactivating grains.</summary>
    ShuttingDown,

    /// <summary>Stopped.</summary>
    Dead,
}

/// <summary>Who this silo is: its address, name and status.</summary>
public interface ILocalSiloDetails
{
    /// <summary>The silo's address (endpoint + generation).</summary>
    SiloAddress SiloAddress { get; }

    /// <summary>The silo's name (<see cref="SiloOptions.SiloName"/>).</summary>
    string Name { get; }

    /// <summary>The silo's status.</summary>
    SiloStatus Status { get; }

    /// <summary>When the silo started (or was created, before start).</summary>
    DateTimeOffset StartedAt { get; }
}

/// <summary>The local silo's details; the hosted silo updates its status.</summary>
internal sealed class LocalSiloDetails : ILocalSiloDetails
{
    public LocalSiloDetails(Microsoft.Extensions.Options.IOptions<SiloOptions> options, TimeProvider time)
    {
        StartedAt = time.GetUtcNow();
        Name = options.Value.SiloName;
        SiloAddress = new SiloAddress(options.Value.Endpoint ?? new IPEndPoint(IPAddress.Loopback, 0), StartedAt.ToUnixTimeMilliseconds());
    }

    public SiloAddress SiloAddress { get; }

    public string Name { get; }

    public SiloStatus Status { get; set; } = SiloStatus.Created;

    public DateTimeOffset StartedAt { get; }
}
