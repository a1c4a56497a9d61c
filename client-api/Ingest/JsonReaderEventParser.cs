using System.Globalization;
using System.Text.Json;
using FlowOrleans.Durability.Codecs;

namespace FlowOrleans.ClientApi.Ingest;

/// <summary>
/// The general ingest parser: a <see cref="Utf8JsonReader"/> over the whole body, for every body the
/// <see cref="FastPathEventParser"/> declines (escapes, non-ASCII text, comments, nesting, wrong types, bad JSON).
/// It defines the results: the fast path gives exactly what this parser gives on the bodies it accepts.
/// </summary>
internal static class JsonReaderEventParser
{
    /// <summary>Parses a JSON body: an object is one event, an array is a batch.</summary>
    public static ParsedBatch ParseJson(ReadOnlySpan<byte> body, EventRules rules, long nowMs)
    {
        var batch = new ParsedBatch();
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
    public static ParsedBatch ParseNdjson(ReadOnlySpan<byte> body, EventRules rules, long nowMs)
    {
        var batch = new ParsedBatch();
        var index = 0;
        foreach (var line in new NdjsonLines(body))
        {
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

    private static void ParseOne(ref Utf8JsonReader reader, int index, EventRules rules, long nowMs, ParsedBatch batch)
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
}
