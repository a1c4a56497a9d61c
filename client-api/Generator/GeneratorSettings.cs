using System.Text.Json.Serialization;

namespace FlowOrleans.ClientApi.Generator;

/// <summary>
/// What the built-in event generator sends. The defaults reproduce the second seed's stream: mixed types
/// (<c>important</c>, <c>critical</c>, <c>normal</c>), events up to 50 s old, about 10% of them late.
/// </summary>
public sealed record GeneratorSettings
{
    // Settable, not init-only: the JSON source generator would reset absent init-only properties to zero.
    /// <summary>Events per second (1 to 100,000).</summary>
    [JsonPropertyName("rate")] public int Rate { get; set; } = 200;

    /// <summary>Number of distinct keys; about 1 event in 20 has no key.</summary>
    [JsonPropertyName("keys")] public int Keys { get; set; } = 10;

    /// <summary>How old a late event may be, in ms (the oldest events are this old).</summary>
    [JsonPropertyName("disorderMs")] public long DisorderMs { get; set; } = 50_000;

    /// <summary>Fraction of events sent between <c>disorderMs/2</c> and <c>disorderMs</c> in the past, so they arrive late.</summary>
    [JsonPropertyName("lateFraction")] public double LateFraction { get; set; } = 0.1;

    /// <summary>Returns the problems with these settings, by field, or an empty dictionary.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Rate is < 1 or > 100_000)
        {
            errors["rate"] = ["rate must be between 1 and 100000 events per second"];
        }

        if (Keys is < 1 or > 100_000)
        {
            errors["keys"] = ["keys must be between 1 and 100000"];
        }

        if (DisorderMs is < 0 or > 86_400_000)
        {
            errors["disorderMs"] = ["disorderMs must be between 0 and 86400000"];
        }

        if (!(LateFraction is >= 0 and <= 1))
        {
            errors["lateFraction"] = ["lateFraction must be between 0 and 1"];
        }

        return errors;
    }
}

/// <summary>The generator's state, as <c>GET /generator</c> shows it.</summary>
public sealed record GeneratorStatus(
    [property: JsonPropertyName("running")] bool Running,
    [property: JsonPropertyName("rate")] int Rate,
    [property: JsonPropertyName("keys")] int Keys,
    [property: JsonPropertyName("disorderMs")] long DisorderMs,
    [property: JsonPropertyName("lateFraction")] double LateFraction,
    [property: JsonPropertyName("sent")] long Sent);
