using FlowOrleans.Streaming;

namespace FlowOrleans.ClientApi.Ingest;

/// <summary>
/// The fields of one event as a parser reads them, and the checks that need all of them (required fields, the
/// <c>ts</c> range). Both parsers share it, so an event that reaches <see cref="Complete"/> is judged the same way.
/// </summary>
internal struct EventFields
{
    public string? Id;
    public long? Ts;
    public double? Value;
    public string? Key;
    public string? Type;

    /// <summary>Why the event is invalid once every field is read, or null when it is valid.</summary>
    public readonly string? Complete(EventRules rules, long nowMs)
    {
        if (Id is null)
        {
            return "'id' is required";
        }

        if (Ts is not { } ts)
        {
            return "'ts' is required (Unix epoch milliseconds; 'timestamp' is accepted too)";
        }

        if (ts < rules.MinTs)
        {
            return $"'ts' {ts} is before {DateTimeOffset.FromUnixTimeMilliseconds(rules.MinTs):yyyy-MM-dd}: timestamps are Unix epoch milliseconds";
        }

        return ts > nowMs + rules.MaxFutureMs
            ? $"'ts' {ts} is more than {rules.MaxFutureMs / 1000} s in the future"
            : null;
    }

    public readonly StreamEvent ToEvent() => new(Id!, Ts!.Value, Value, Key, Type);
}
