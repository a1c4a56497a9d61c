using System.Net;

namespace FlowOrleans.Runtime;

/// <summary>
/// Where a silo listens, plus its generation (start time in ms). A silo that restarts on the same
/// endpoint is a new silo: its generation differs. In JSON it is its text form.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(SiloAddressJsonConverter))]
public readonly record struct SiloAddress(IPEndPoint Endpoint, long Generation)
{
    /// <inheritdoc />
    public override string ToString() => $"S{Endpoint}@{Generation}";
}
