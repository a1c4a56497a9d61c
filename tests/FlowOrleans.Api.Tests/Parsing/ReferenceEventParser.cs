using System.Globalization;
using System.Text.Json;
using FlowOrleans.ClientApi.Ingest;
using FlowOrleans.Durability.Codecs;
using FlowOrleans.Streaming;

namespace FlowOrleans.Api.Tests.Parsing;

/// <summary>
/// The ingest parser as it was before the fast path (Utf8JsonReader for every event), kept unchanged as the oracle of
/// <see cref="EventParserDifferentialTests"/>: the node's parser must give the same events and errors on every body.
/// </summary>
internal static class ReferenceEventParser
{
    /// <summary>Parses a JSON body: an object is one event, an array is a batch.</summary>
    public static ReferenceBatch ParseJson(ReadOnlySpan<byte> body, EventRules rules, long nowMs)
    {
        var batch = new ReferenceBatch();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowMultipleValues = true });
        try
        {
            if (!reader.Read())
            {
                throw new MalformedBodyException("The body is empty: send one event object, an array of events, or NDJSON.");
            }

            if (reader.TokenType == JsonTokenType.StartArray)
            {
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    ParseOne(ref reader, index++, rules, nowMs, batch);
                }
            }
            else
            {
                ParseOne(ref reader, 0, rules, nowMs, batch);
            }

            if (reader.Read())
            {
                throw new MalformedBodyException("Unexpected data after the JSON value. For several events, send an array or NDJSON (Content-Type: application/x-ndjson).");
            }
        }
        catch (JsonException ex)
        {
            throw new MalformedBodyException($"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}");
        }

        return batch;
    }

    /// <summary>Parses NDJSON: one event per non-empty line. A line that is not valid JSON is an error for that line only.</summary>
    public static ReferenceBatch ParseNdjson(ReadOnlySpan<byte> body, EventRules rules, long nowMs)
    {
        var batch = new ReferenceBatch();
        var index = 0;
        while (!body.IsEmpty)
        {
            var newline = body.IndexOf((byte)'\n');
            var line = newline < 0 ? body : body[..newline];
            body = newline < 0 ? default : body[(newline + 1)..];
            line = line.TrimEnd((byte)'\r').Trim((byte)' ');
            if (line.IsEmpty)
            {
                continue;
            }

            var reader = new Utf8JsonReader(line);
            try
            {
                reader.Read();
                ParseOne(ref reader, index, rules, nowMs, batch);
                if (reader.Read())
                {
                    batch.Reject(index, "more than one JSON value on this line");
                    batch.RemoveLastIfIndex(index);
                }
            }
            catch (JsonException ex)
            {
                batch.RemoveLastIfIndex(index);
                batch.Reject(index, $"line is not valid JSON: {FirstSentence(ex.Message)}");
            }

            index++;
        }

        if (index == 0)
        {
            throw new MalformedBodyException("The body is empty: send one event per line.");
        }

        return batch;
    }

    private static void ParseOne(ref Utf8JsonReader reader, int index, EventRules rules, long nowMs, ReferenceBatch batch)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            batch.Reject(index, $"an event must be a JSON object, not {Describe(reader.TokenType)}");
            reader.Skip();
            return;
        }

        var fields = new EventFields();
        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            var fieldError = ReadField(ref reader, name, ref fields, rules);
            error ??= fieldError;
            reader.Skip();
        }

        error ??= fields.Complete(rules, nowMs);
        if (error is null)
        {
            batch.Accept(index, fields.ToEvent());
        }
        else
        {
            batch.Reject(index, error);
        }
    }

    private static string? ReadField(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, ref EventFields fields, EventRules rules)
    {
        if (name.SequenceEqual("id"u8))
        {
            return ReadId(ref reader, ref fields, rules);
        }

        if (name.SequenceEqual("ts"u8) || name.SequenceEqual("timestamp"u8))
        {
            var alias = name.SequenceEqual("ts"u8) ? "ts" : "timestamp";
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var ts))
            {
                return $"'{alias}' must be an integer number of Unix epoch milliseconds";
            }

            if (fields.Ts is { } other && other != ts)
            {
                return "'ts' and 'timestamp' disagree; send one of them";
            }

            fields.Ts = ts;
            return null;
        }

        if (name.SequenceEqual("value"u8))
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                return "'value' must be a finite number (or absent)";
            }

            fields.Value = value;
            return null;
        }

        if (name.SequenceEqual("key"u8))
        {
            return ReadText(ref reader, "key", rules.MaxKeyLength, out fields.Key);
        }

        if (name.SequenceEqual("type"u8) || name.SequenceEqual("message"u8))
        {
            var error = ReadText(ref reader, name.SequenceEqual("type"u8) ? "type" : "message", rules.MaxKeyLength, out var type);
            fields.Type ??= type;
            return error;
        }

        return null; // Unknown fields are ignored, as JSON producers add their own.
    }

    private static string? ReadId(ref Utf8JsonReader reader, ref EventFields fields, EventRules rules)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (!TryGetString(ref reader, out var id))
                {
                    return "'id' is not valid UTF-8";
                }

                if (id.Length == 0)
                {
                    return "'id' must not be empty";
                }

                if (id.Length > rules.MaxIdLength)
                {
                    return $"'id' is {id.Length} characters long; at most {rules.MaxIdLength} are allowed";
                }

                fields.Id = id;
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                fields.Id = number.ToString(CultureInfo.InvariantCulture);
                return null;
            default:
                return "'id' must be a string or an integer";
        }
    }

    private static string? ReadText(ref Utf8JsonReader reader, string field, int maxLength, out string? text)
    {
        text = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return $"'{field}' must be a string";
        }

        // Keys and types repeat on every event: an unescaped ASCII value comes from the shared cache, not a new string.
        var shared = reader.ValueIsEscaped || reader.HasValueSequence ? null : AsciiStringCache.Shared.GetOrAdd(reader.ValueSpan);
        if (shared is null && !TryGetString(ref reader, out shared))
        {
            return $"'{field}' is not valid UTF-8";
        }

        text = shared;
        return text.Length > maxLength ? $"'{field}' is longer than {maxLength} characters" : null;
    }

    private static bool TryGetString(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // The reader checks UTF-8 only when it transcodes: a bad string is this event's error, not a crash.
            text = string.Empty;
            return false;
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private struct EventFields
    {
        public string? Id;
        public long? Ts;
        public double? Value;
        public string? Key;
        public string? Type;

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
}

/// <summary>The outcome of <see cref="ReferenceEventParser"/>, as ParsedBatch was before the fast path.</summary>
internal sealed class ReferenceBatch
{
    private readonly List<StreamEvent> _events = [];
    private readonly List<int> _indexes = [];
    private readonly List<IngestError> _errors = [];

    public IReadOnlyList<StreamEvent> Events => _events;

    public IReadOnlyList<IngestError> Errors => _errors;

    public void Accept(int index, StreamEvent e)
    {
        _events.Add(e);
        _indexes.Add(index);
    }

    public void Reject(int index, string error) => _errors.Add(new IngestError(index, error));

    public void RemoveLastIfIndex(int index)
    {
        if (_indexes.Count > 0 && _indexes[^1] == index)
        {
            _indexes.RemoveAt(_indexes.Count - 1);
            _events.RemoveAt(_events.Count - 1);
        }
    }
}
