using System.Globalization;
using System.Text;
using FlowOrleans.ClientApi.Ingest;
using FlowOrleans.Streaming;

namespace FlowOrleans.Api.Tests.Parsing;

/// <summary>
/// The node's parser against the parser it replaced (<see cref="ReferenceEventParser"/>), on seeded bodies of every
/// shape: the same events (bit for bit, -0 included), the same errors with the same indexes and texts, and the same
/// <see cref="MalformedBodyException"/> messages. The fast path alone is compared too, on the bodies it accepts, and
/// it must accept a good share of them, or the comparison would only exercise the fallback.
/// </summary>
public sealed class EventParserDifferentialTests
{
    private const long Now = 1_760_000_000_000;
    private const int Bodies = 40_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Parser_gives_the_reference_results_on_every_generated_body(int seed)
    {
        var generator = new IngestBodyGenerator(seed, Now);
        var fastAccepted = 0;
        for (var i = 0; i < Bodies; i++)
        {
            var (body, ndjson) = generator.Next();
            var expected = Reference(body, ndjson);
            Assert.True(expected == Actual(body, ndjson), Explain(body, ndjson, expected, Actual(body, ndjson)));

            var fast = ndjson ? FastPathEventParser.TryParseNdjson(body, EventRules.Default, Now) : FastPathEventParser.TryParseJson(body, EventRules.Default, Now);
            if (fast is not null)
            {
                fastAccepted++;
                Assert.True(expected == Describe(fast.Events, fast.Errors), Explain(body, ndjson, expected, Describe(fast.Events, fast.Errors)));
            }
        }

        Assert.InRange(fastAccepted, Bodies / 4, Bodies);
    }

    [Fact]
    public void Limits_from_the_options_are_applied_the_same_way()
    {
        var rules = new EventRules(MinTs: 0, MaxFutureMs: 1_000, MaxIdLength: 8, MaxKeyLength: 6);
        var generator = new IngestBodyGenerator(7, Now);
        for (var i = 0; i < 10_000; i++)
        {
            var (body, ndjson) = generator.Next();
            var expected = Reference(body, ndjson, rules);
            var actual = Actual(body, ndjson, rules);
            Assert.True(expected == actual, Explain(body, ndjson, expected, actual));
        }
    }

    private static string Reference(byte[] body, bool ndjson, EventRules? rules = null)
    {
        try
        {
            var batch = ndjson ? ReferenceEventParser.ParseNdjson(body, rules ?? EventRules.Default, Now) : ReferenceEventParser.ParseJson(body, rules ?? EventRules.Default, Now);
            return Describe(batch.Events, batch.Errors);
        }
        catch (MalformedBodyException ex)
        {
            return "malformed: " + ex.Message;
        }
    }

    private static string Actual(byte[] body, bool ndjson, EventRules? rules = null)
    {
        try
        {
            var batch = ndjson ? EventParser.ParseNdjson(body, rules ?? EventRules.Default, Now) : EventParser.ParseJson(body, rules ?? EventRules.Default, Now);
            return Describe(batch.Events, batch.Errors);
        }
        catch (MalformedBodyException ex)
        {
            return "malformed: " + ex.Message;
        }
    }

    // Doubles as their bits: -0 and 0 compare equal as numbers but are different events.
    private static string Describe(IReadOnlyList<StreamEvent> events, IReadOnlyList<IngestError> errors)
    {
        var text = new StringBuilder();
        foreach (var e in events)
        {
            var value = e.Value is { } v ? BitConverter.DoubleToInt64Bits(v).ToString("X16", CultureInfo.InvariantCulture) : "none";
            text.Append(CultureInfo.InvariantCulture, $"event [{e.Id}] {e.Ts} {value} [{e.Key ?? "<null>"}] [{e.Type ?? "<null>"}]\n");
        }

        foreach (var error in errors)
        {
            text.Append(CultureInfo.InvariantCulture, $"error {error.Index}: {error.Error}\n");
        }

        return text.ToString();
    }

    private static string Explain(byte[] body, bool ndjson, string expected, string actual) =>
        $"{(ndjson ? "NDJSON" : "JSON")} body {Convert.ToHexString(body)} ({Encoding.UTF8.GetString(body)})\nexpected:\n{expected}\nactual:\n{actual}";
}
