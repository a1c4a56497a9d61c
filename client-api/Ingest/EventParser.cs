namespace FlowOrleans.ClientApi.Ingest;

/// <summary>
/// Parses an ingest body (one JSON object, a JSON array of objects, or NDJSON) into validated
/// <see cref="Streaming.StreamEvent"/>s and per-event errors. Each event is judged on its own: one bad event never
/// costs the good ones. A body that is not JSON at all is a <see cref="MalformedBodyException"/>.
/// </summary>
/// <remarks>
/// Bodies as producers usually send them (plain ASCII names and strings, numbers, no nesting) go through the
/// <see cref="FastPathEventParser"/>; it declines anything else, and the <see cref="JsonReaderEventParser"/> parses
/// that body from the start. The two give the same results on every body the fast path accepts.
/// </remarks>
public static class EventParser
{
    /// <summary>Parses a JSON body: an object is one event, an array is a batch.</summary>
    public static ParsedBatch ParseJson(ReadOnlySpan<byte> body, EventRules rules, long nowMs) =>
        FastPathEventParser.TryParseJson(body, rules, nowMs) ?? JsonReaderEventParser.ParseJson(body, rules, nowMs);

    /// <summary>Parses NDJSON: one event per non-empty line. A line that is not valid JSON is an error for that line only.</summary>
    public static ParsedBatch ParseNdjson(ReadOnlySpan<byte> body, EventRules rules, long nowMs) =>
        FastPathEventParser.TryParseNdjson(body, rules, nowMs) ?? JsonReaderEventParser.ParseNdjson(body, rules, nowMs);
}
