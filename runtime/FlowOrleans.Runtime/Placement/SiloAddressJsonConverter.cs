using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowOrleans.Runtime;

/// <summary>Writes a <see cref="SiloAddress"/> as its text form (<c>S127.0.0.1:11111@1764600000000</c>) and reads it back.</summary>
public sealed class SiloAddressJsonConverter : JsonConverter<SiloAddress>
{
    /// <inheritdoc />
    public override SiloAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return TryParse(text, out var silo) ? silo : throw new JsonException($"'{text}' is not a silo address (S<endpoint>@<generation>).");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, SiloAddress value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }

    /// <summary>Parses the text form of <see cref="SiloAddress.ToString"/>.</summary>
    public static bool TryParse(string? text, out SiloAddress silo)
    {
        silo = default;
        var at = text?.LastIndexOf('@') ?? -1;
        if (text is null || !text.StartsWith('S') || at < 2
            || !IPEndPoint.TryParse(text.AsSpan(1, at - 1), out var endpoint)
            || !long.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return false;
        }

        silo = new SiloAddress(endpoint, generation);
        return true;
    }
}
