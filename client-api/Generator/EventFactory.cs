using System.Globalization;
using FlowOrleans.Streaming;

namespace FlowOrleans.ClientApi.Generator;

/// <summary>Makes the generator's events: a pure function of its settings, random source and the current time.</summary>
public sealed class EventFactory(GeneratorSettings settings, Random random, string runId)
{
    private static readonly string[] Types = ["important", "critical", "normal"];
    private long _sequence;

    /// <summary>Makes <paramref name="count"/> events around <paramref name="nowMs"/>.</summary>
    public List<StreamEvent> Next(int count, long nowMs)
    {
        var events = new List<StreamEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var late = random.NextDouble() < settings.LateFraction;
            var age = late
                ? (long)(settings.DisorderMs * (0.5 + (random.NextDouble() / 2)))
                : (long)(random.NextDouble() * Math.Min(3_000, settings.DisorderMs));
            var key = random.Next(20) == 0 ? null : "key-" + random.Next(settings.Keys).ToString(CultureInfo.InvariantCulture);
            var value = Math.Round(random.NextDouble() * 100, 2);
            var id = runId + "-" + (++_sequence).ToString(CultureInfo.InvariantCulture);
            events.Add(new StreamEvent(id, nowMs - age, value, key, Types[random.Next(Types.Length)]));
        }

        return events;
    }
}
