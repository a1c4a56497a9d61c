using System.Globalization;
using System.Text;

namespace FlowOrleans.Api.Tests.Parsing;

/// <summary>
/// Seeded ingest bodies for the parser differential test: JSON objects, arrays and NDJSON whose events mix the
/// shapes producers send (plain ASCII, integer ids, every number form) with everything a parser must get right or
/// refuse: escapes, raw and invalid UTF-8, nesting, wrong types, NaN and infinities, limits, duplicate and alias
/// fields, odd whitespace, comments, trailing commas, truncation and stray bytes.
/// </summary>
internal sealed class IngestBodyGenerator(int seed, long nowMs)
{
    private static readonly string[] Whitespace = ["", "", "", " ", "  ", "\t", "\r", " \r\n ", "\n"];
    private readonly Random _random = new(seed);
    private bool _clean;

    /// <summary>A body, and whether it is NDJSON.</summary>
    public (byte[] Body, bool Ndjson) Next()
    {
        // Half the bodies are as producers send them (every number form, aliases, duplicates, limits, whitespace, but
        // plain ASCII and the right types): the ones the fast path parses. The others may hold anything.
        _clean = _random.Next(2) == 0;
        var ndjson = _random.Next(3) == 0;
        var events = _random.Next(4) == 0 ? 1 : _random.Next(0, 12);
        var text = new StringBuilder();
        if (ndjson)
        {
            for (var i = 0; i < events; i++)
            {
                text.Append(Pick("", "", "", "\n", "\r\n", " \n")).Append(Event(inLine: true)).Append(Pick("\n", "\n", "\r\n", " \n"));
            }
        }
        else if (events == 1 && _random.Next(2) == 0)
        {
            text.Append(Ws()).Append(Event(inLine: false)).Append(Ws());
        }
        else
        {
            text.Append(Ws()).Append('[');
            for (var i = 0; i < events; i++)
            {
                text.Append(i == 0 ? "" : Ws() + "," + Ws()).Append(Ws()).Append(!_clean && _random.Next(40) == 0 ? NonObject() : Event(inLine: false));
            }

            text.Append(Ws()).Append(!_clean && _random.Next(60) == 0 ? ",]" : "]").Append(Ws());
        }

        if (_clean)
        {
            return (Encoding.UTF8.GetBytes(text.ToString()), ndjson);
        }

        if (!ndjson && _random.Next(80) == 0)
        {
            text.Insert(0, "/* a comment */ ");
        }

        var body = Encoding.UTF8.GetBytes(text.ToString());
        return (Damage(body), ndjson);
    }

    private string Event(bool inLine)
    {
        var fields = new List<string>();
        if (_random.Next(30) != 0)
        {
            fields.Add(Field("id", Id()));
        }

        if (_random.Next(30) != 0)
        {
            fields.Add(Field(_random.Next(6) == 0 ? "timestamp" : "ts", Ts()));
        }

        if (_random.Next(12) == 0)
        {
            fields.Add(Field(_random.Next(2) == 0 ? "timestamp" : "ts", _random.Next(2) == 0 ? Ts() : fields.LastOrDefault()?.Split(':', 2)[^1] ?? "1"));
        }

        if (_random.Next(5) != 0)
        {
            fields.Add(Field("value", Value()));
        }

        if (_random.Next(4) != 0)
        {
            fields.Add(Field("key", Text()));
        }

        if (_random.Next(3) != 0)
        {
            fields.Add(Field(_random.Next(5) == 0 ? "message" : "type", Text()));
        }

        for (var extra = _random.Next(-4, 3); extra > 0; extra--)
        {
            fields.Add(_clean
                ? Field(Pick("source", "v", "id2", "Id", "value", "key", "type"), Pick("1", "-2.5e3", "\"x\"", "true", "false", "null"))
                : Field(Pick("source", "v", "id2", "Id", "i\\u0064", "value", "key", "type", "n\u00e4me", "nested"), Unknown()));
        }

        Shuffle(fields);
        var ws = inLine ? () => Pick("", "", " ", "\t", "\r") : (Func<string>)Ws;
        return "{" + ws() + string.Join(ws() + "," + ws(), fields) + ws() + "}";
    }

    private string Field(string name, string value) => $"\"{name}\"{Pick("", "", " ")}:{Pick("", "", " ", "\t")}{value}";

    private string Id() => (_clean ? Edge(1, 3, 0, 4) : _random.Next(14)) switch
    {
        0 => _random.NextInt64(-1_000_000, 1_000_000).ToString(CultureInfo.InvariantCulture),
        1 => Pick("0", "-0", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678", "1234567890123456789", "12345678901234567890", "1.5", "1e3", "01"),
        2 => Pick("\"\"", "null", "true", "{}", "[1]", "\"a\\\"b\"", "\"caf\u00e9\"", "\"\\u00e9t\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"tab\there\"", "\"x\\/y\""),
        3 => "\"" + new string('x', Pick(127, 128, 129, 200)) + "\"",
        _ => $"\"e-{_random.Next(100_000)}\"",
    };

    private string Ts()
    {
        var near = nowMs - _random.Next(100_000);
        return (_clean ? Edge(0, 1, 3) : _random.Next(12)) switch
        {
            0 => Pick("0", "-0", "1700", "946684799999", "946684800000", "-1", "9223372036854775807", "9223372036854775808", "99999999999999999999"),
            1 => (nowMs + Pick(86_400_000L, 86_400_001L, 90_000_000L)).ToString(CultureInfo.InvariantCulture),
            2 => Pick($"{near}.0", $"{near}.5", "1.76e12", "1.7599999999e12", $"{near}e0", $"\"{near}\"", "null", "true", "[1]", "{\"a\":1}", "NaN"),
            _ => near.ToString(CultureInfo.InvariantCulture),
        };
    }

    private string Value() => (_clean ? Pick(0, 2, 3, 4, 5, 6, 7, 8) : _random.Next(16)) switch
    {
        0 => Pick("0", "-0", "0.0", "-0.0", "0e5", "1e-400", "-1e-400", "1e308", "1.7976931348623157e308", "1.7976931348623159e308", "1e309", "-1e309", "4.9e-324", "2.2250738585072014e-308"),
        1 => Pick("NaN", "Infinity", "-Infinity", "\"NaN\"", "\"12\"", "true", "[]", "{}", "null", "nan", "1.", ".5", "+1", "01", "1e", "1e+", "--1", "0x10"),
        2 => Pick("9007199254740993", "9007199254740992", "9007199254740991", "123456789012345678901234567890", "0.1", "0.30000000000000004", "3.141592653589793238", "1e22", "1e23", "1e-22", "1e-23", "1E+2", "1e0000000000012", "1e-0000000000005"),
        3 => $"{_random.Next(1000)}.{_random.Next(1000):D3}e{_random.Next(-30, 31)}",
        4 => RandomDigits(_random.Next(1, 22)) + "." + RandomDigits(_random.Next(1, 22)),
        5 => (_random.Next(2) == 0 ? "-" : "") + RandomDigits(_random.Next(1, 25)),
        6 => (_random.NextDouble() * Math.Pow(10, _random.Next(-20, 20))).ToString("R", CultureInfo.InvariantCulture),
        7 => (_random.NextDouble() * 1000).ToString(CultureInfo.InvariantCulture),
        _ => _random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
    };

    private string Text() => (_clean ? Edge(1, 4) : _random.Next(14)) switch
    {
        0 => Pick("null", "\"\"", "1", "true", "[\"a\"]", "{}", "\"k\\u0031\"", "\"a\\nb\"", "\"\\\\\"", "\"\u00e9\"", "\"\u65e5\u672c\"", "\"\U0001F600\"", "\"\\ud83d\""),
        1 => "\"" + new string('k', Pick(63, 64, 65, 255, 256, 257)) + "\"",
        2 => "\"" + new string('\u00e9', Pick(64, 128, 256, 257)) + "\"",
        _ => $"\"{Pick("key", "user", "important", "critical", "normal")}-{_random.Next(50)}\"",
    };

    private string Unknown() => Pick("1", "-2.5e3", "\"x\"", "\"a\\u0000b\"", "true", "false", "null", "[1,2,{\"a\":[]}]", "{\"deep\":{\"er\":[1]}}", "\"\u00fcber\"", "1e999", "NaN");

    private string NonObject() => Pick("1", "\"x\"", "null", "true", "[]", "[{\"id\":\"a\",\"ts\":1}]");

    // Most bodies stay intact; some are cut short, get a stray or invalid UTF-8 byte, or trailing data.
    private byte[] Damage(byte[] body)
    {
        switch (_random.Next(20))
        {
            case 0 when body.Length > 0:
                return body[.._random.Next(body.Length)];
            case 1 when body.Length > 0:
                var corrupted = (byte[])body.Clone();
                corrupted[_random.Next(body.Length)] = Pick((byte)0xFF, (byte)0xC3, (byte)0x80, (byte)'"', (byte)'\\', (byte)0, (byte)'}', (byte)',', (byte)'\n', (byte)'x');
                return corrupted;
            case 2:
                return [.. body, .. Encoding.UTF8.GetBytes(Pick(" {}", "x", "\n", " 1", "\n{\"id\":\"z\",\"ts\":1}"))];
            default:
                return body;
        }
    }

    private string Ws() => _random.Next(3) == 0 ? Pick(Whitespace) : "";

    private string RandomDigits(int count)
    {
        var digits = new char[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + _random.Next(10));
        }

        if (count > 1 && digits[0] == '0')
        {
            digits[0] = '1'; // JSON forbids leading zeros; the forbidden form has its own cases
        }

        return new string(digits);
    }

    // In a clean body, one of the edge cases (which the fast path may decline) now and then, else the last case.
    private int Edge(params int[] cases) => _random.Next(12) == 0 ? cases[_random.Next(cases.Length - 1)] : cases[^1];

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
