using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using FlowOrleans.Durability.Codecs;

namespace FlowOrleans.ClientApi.Ingest;

/// <summary>
/// Parses the bodies producers usually send straight from the bytes: objects (alone, in an array, or one per NDJSON
/// line) whose names and strings are printable ASCII without escapes, whose known fields have the right JSON type
/// and whose other fields are strings, numbers, booleans or null. Anything else (escapes, non-ASCII text, comments,
/// nesting, a field of the wrong type, a string over its limit, a syntax error) makes it decline the whole body
/// (null), and <see cref="JsonReaderEventParser"/> parses it instead. So it never has to reproduce a reader error:
/// the only errors it reports are the ones <see cref="EventFields.Complete"/> finds.
/// </summary>
internal ref struct FastPathEventParser
{
    // Bytes that end a plain string: its closing quote, or what only the general parser handles (an escape, a
    // control character, which JSON forbids in strings, or a byte of a multi-byte UTF-8 sequence). A table, not
    // SearchValues: names and values are a few bytes long, shorter than a vector search takes to set up.
    private static readonly bool[] EndsPlainString = PlainStringEnds();

    // 10^0 .. 10^22 are exact doubles: a mantissa below 2^53 scaled by one of them is one correctly rounded
    // operation, the same double the reader's correctly rounded parse gives (Clinger's fast path).
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private readonly ReadOnlySpan<byte> _json;
    private readonly EventRules _rules;
    private readonly long _nowMs;
    private int _at;

    private FastPathEventParser(ReadOnlySpan<byte> json, EventRules rules, long nowMs)
    {
        _json = json;
        _rules = rules;
        _nowMs = nowMs;
    }

    private readonly byte Next
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (uint)_at < (uint)_json.Length ? _json[_at] : (byte)0;
    }

    /// <summary>The events of a JSON object or array, or null when the general parser must read this body.</summary>
    public static ParsedBatch? TryParseJson(ReadOnlySpan<byte> body, EventRules rules, long nowMs)
    {
        var parser = new FastPathEventParser(body, rules, nowMs);
        var batch = new ParsedBatch(body.Count((byte)'{'));
        parser.SkipWhitespace();
        if (parser.Next == '[')
        {
            parser._at++;
            parser.SkipWhitespace();
            if (parser.Next == ']')
            {
                parser._at++;
            }
            else if (!parser.TryReadEvents(batch))
            {
                return null;
            }
        }
        else if (!parser.TryReadEvent(0, batch))
        {
            return null;
        }

        parser.SkipWhitespace();
        return parser._at == body.Length ? batch : null;
    }

    /// <summary>The events of an NDJSON body, or null when the general parser must read this body.</summary>
    public static ParsedBatch? TryParseNdjson(ReadOnlySpan<byte> body, EventRules rules, long nowMs)
    {
        var batch = new ParsedBatch(body.Count((byte)'\n') + 1);
        var index = 0;
        foreach (var line in new NdjsonLines(body))
        {
            var parser = new FastPathEventParser(line, rules, nowMs);
            parser.SkipWhitespace();
            if (!parser.TryReadEvent(index++, batch))
            {
                return null;
            }

            parser.SkipWhitespace();
            if (parser._at != line.Length)
            {
                return null;
            }
        }

        return index == 0 ? null : batch; // an empty body is the general parser's error to word
    }

    private bool TryReadEvents(ParsedBatch batch)
    {
        for (var index = 0; ; index++)
        {
            if (!TryReadEvent(index, batch))
            {
                return false;
            }

            SkipWhitespace();
            switch (Take())
            {
                case (byte)']':
                    return true;
                case (byte)',':
                    SkipWhitespace();
                    continue;
                default:
                    return false;
            }
        }
    }

    private bool TryReadEvent(int index, ParsedBatch batch)
    {
        if (Take() != '{')
        {
            return false;
        }

        var fields = new EventFields();
        SkipWhitespace();
        if (Next == '}')
        {
            _at++;
        }
        else
        {
            while (true)
            {
                if (Take() != '"' || !TryReadPlainString(out var name))
                {
                    return false;
                }

                SkipWhitespace();
                if (Take() != ':')
                {
                    return false;
                }

                SkipWhitespace();
                if (!TryReadField(name, ref fields))
                {
                    return false;
                }

                SkipWhitespace();
                var separator = Take();
                if (separator == '}')
                {
                    break;
                }

                if (separator != ',')
                {
                    return false;
                }

                SkipWhitespace();
            }
        }

        if (fields.Complete(_rules, _nowMs) is { } error)
        {
            batch.Reject(index, error);
        }
        else
        {
            batch.Accept(index, fields.ToEvent());
        }

        return true;
    }

    // The general parser's rules per field, for values of the right type. A value it would reject (or a
    // disagreement it would report) declines the body instead, so the error is the general parser's own.
    private bool TryReadField(ReadOnlySpan<byte> name, ref EventFields fields)
    {
        switch (name.Length)
        {
            case 2 when name[0] == 'i' && name[1] == 'd':
                return TryReadId(ref fields);
            case 2 when name[0] == 't' && name[1] == 's':
            case 9 when name.SequenceEqual("timestamp"u8):
                if (!TryReadInteger(out var ts) || fields.Ts is { } other && other != ts)
                {
                    return false;
                }

                fields.Ts = ts;
                return true;
            case 5 when name.SequenceEqual("value"u8):
                if (Next == 'n' && TrySkipLiteral("null"u8))
                {
                    return true; // a null value keeps an earlier one, as in the general parser
                }

                if (!TryReadDouble(out var value))
                {
                    return false;
                }

                fields.Value = value;
                return true;
            case 3 when name.SequenceEqual("key"u8):
                return TryReadText(out fields.Key);
            case 4 when name.SequenceEqual("type"u8):
            case 7 when name.SequenceEqual("message"u8):
                if (!TryReadText(out var type))
                {
                    return false;
                }

                fields.Type ??= type; // the first non-null of 'type' and 'message' wins
                return true;
            default:
                return TrySkipScalar(); // unknown fields are ignored
        }
    }

    private bool TryReadId(ref EventFields fields)
    {
        if (Next == '"')
        {
            _at++;
            if (!TryReadPlainString(out var id) || id.Length == 0 || id.Length > _rules.MaxIdLength)
            {
                return false;
            }

            fields.Id = Encoding.ASCII.GetString(id);
            return true;
        }

        if (!TryReadInteger(out var number))
        {
            return false;
        }

        fields.Id = number.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    // A key or type: null, or a plain string within the limit. Short ones come from the shared cache, as they
    // repeat on every event.
    private bool TryReadText(out string? text)
    {
        text = null;
        if (Next == 'n' && TrySkipLiteral("null"u8))
        {
            return true;
        }

        if (Take() != '"' || !TryReadPlainString(out var utf8) || utf8.Length > _rules.MaxKeyLength)
        {
            return false;
        }

        text = AsciiStringCache.Shared.GetOrAdd(utf8) ?? Encoding.ASCII.GetString(utf8);
        return true;
    }

    // After the opening quote: the bytes up to the closing quote, when all are printable ASCII and unescaped.
    private bool TryReadPlainString(out ReadOnlySpan<byte> text)
    {
        var json = _json;
        var end = _at;
        var ends = EndsPlainString;
        while ((uint)end < (uint)json.Length && !ends[json[end]])
        {
            end++;
        }

        if ((uint)end >= (uint)json.Length || json[end] != '"')
        {
            text = default;
            return false;
        }

        text = json[_at..end];
        _at = end + 1;
        return true;
    }

    private bool TryReadInteger(out long value)
    {
        value = 0;
        if (!TryScanNumber(out var number) || number.FractionDigits > 0 || number.HasExponent || number.Digits > 18)
        {
            return false; // TryGetInt64 refuses fractions and exponents; 19 digits may overflow: left to the general parser
        }

        value = number.Negative ? -(long)number.Mantissa : (long)number.Mantissa;
        return true;
    }

    private bool TryReadDouble(out double value)
    {
        var start = _at;
        value = 0;
        if (!TryScanNumber(out var number))
        {
            return false;
        }

        var scale = number.Exponent - number.FractionDigits;
        if (number.Digits <= 19 && number.Mantissa <= 1UL << 53 && scale is >= -22 and <= 22)
        {
            var magnitude = scale < 0 ? number.Mantissa / PowersOfTen[-scale] : number.Mantissa * PowersOfTen[scale];
            value = number.Negative ? -magnitude : magnitude;
            return true;
        }

        // Rare (17 significant digits, big exponents): the reader's own parse of the number alone, so the double is
        // the same by construction; NaN and infinity stay refused.
        var reader = new Utf8JsonReader(_json[start.._at]);
        return reader.Read() && reader.TryGetDouble(out value) && double.IsFinite(value);
    }

    // A JSON number (RFC 8259 grammar) at the cursor. The byte after it is checked by the caller, which expects
    // whitespace, ',' or '}', so "01", "1." or "1x" decline the body.
    private bool TryScanNumber(out ScannedNumber number)
    {
        number = default;
        if (Next == '-')
        {
            number.Negative = true;
            _at++;
        }

        if (Next == '0')
        {
            _at++;
            number.Digits = 1;
        }
        else if (!IsDigit(Next) || !TryScanDigits(ref number, out _))
        {
            return false;
        }

        if (Next == '.')
        {
            _at++;
            if (!TryScanDigits(ref number, out var fraction))
            {
                return false;
            }

            number.FractionDigits = fraction;
        }

        if ((Next | 0x20) == 'e')
        {
            _at++;
            number.HasExponent = true;
            var negative = Next == '-';
            if (negative || Next == '+')
            {
                _at++;
            }

            var start = _at;
            while (IsDigit(Next))
            {
                _at++;
            }

            var digits = _at - start;
            if (digits == 0)
            {
                return false;
            }

            // A 10-digit exponent is out of the fast range whatever its value: the reader parses that number.
            var exponent = digits > 9 ? 1_000_000_000 : int.Parse(_json[start.._at], CultureInfo.InvariantCulture);
            number.Exponent = negative ? -exponent : exponent;
        }

        return true;
    }

    // One or more digits, appended to the mantissa (which is only meaningful while Digits <= 19).
    private bool TryScanDigits(ref ScannedNumber number, out int count)
    {
        var json = _json;
        var at = _at;
        var mantissa = number.Mantissa;
        while ((uint)at < (uint)json.Length && IsDigit(json[at]))
        {
            mantissa = unchecked((mantissa * 10) + (ulong)(json[at] - '0'));
            at++;
        }

        count = at - _at;
        _at = at;
        number.Mantissa = mantissa;
        number.Digits += count;
        return count > 0;
    }

    // The value of an unknown field: a plain string, a number, true, false or null.
    private bool TrySkipScalar()
    {
        switch (Next)
        {
            case (byte)'"':
                _at++;
                return TryReadPlainString(out _);
            case (byte)'t':
                return TrySkipLiteral("true"u8);
            case (byte)'f':
                return TrySkipLiteral("false"u8);
            case (byte)'n':
                return TrySkipLiteral("null"u8);
            default:
                return TryScanNumber(out _);
        }
    }

    private bool TrySkipLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_json[_at..].StartsWith(literal))
        {
            return false;
        }

        _at += literal.Length;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte Take() => (uint)_at < (uint)_json.Length ? _json[_at++] : (byte)0;

    // Most bodies have no whitespace between tokens: that case is one comparison, inlined.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SkipWhitespace()
    {
        if (Next <= ' ')
        {
            SkipWhitespaceRun();
        }
    }

    private void SkipWhitespaceRun()
    {
        while (Next is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            _at++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool[] PlainStringEnds()
    {
        var ends = new bool[256];
        ends['"'] = ends['\\'] = true;
        ends.AsSpan(0, 0x20).Fill(true);
        ends.AsSpan(0x80).Fill(true);
        return ends;
    }

    private struct ScannedNumber
    {
        public bool Negative;
        public ulong Mantissa;
        public int Digits;
        public int FractionDigits;
        public bool HasExponent;
        public int Exponent;
    }
}
