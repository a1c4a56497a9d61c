using System.Net;

namespace FlowOrleans.Runtime;

/// <summary>
/// The life cycle of one silo generation, as the silo and the membership table see it. The order is the only
/// allowed direction: a silo never moves back, and <see cref="Dead"/> is final (a restarted process joins as a new generation).
/// </summary>
public enum SiloStatus
{
    /// <summary>Created, not started.</summary>
    Created = 0,

    /// <summary>Starting: its membership row exists, it hosts no grains yet.</summary>
    Joining = 1,

    /// <summary>Hosts grains and takes part in probing.</summary>
    Active = 2,

    /// <summary>Leaving gracefully: deactivating and handing off its grains.</summary>
    ShuttingDown = 3,

    /// <summary>Gone for good.</summary>
    Dead = 4,
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
