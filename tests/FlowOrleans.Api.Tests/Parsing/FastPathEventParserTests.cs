using System.Text;
using FlowOrleans.ClientApi.Ingest;

namespace FlowOrleans.Api.Tests.Parsing;

/// <summary>What the fast path takes on itself and what it leaves to the general parser.</summary>
public sealed class FastPathEventParserTests
{
    private const long Now = 1_760_000_000_000;

    private static ParsedBatch? Json(string body) => FastPathEventParser.TryParseJson(Encoding.UTF8.GetBytes(body), EventRules.Default, Now);

    private static ParsedBatch? Ndjson(string body) => FastPathEventParser.TryParseNdjson(Encoding.UTF8.GetBytes(body), EventRules.Default, Now);

    [Fact]
    public void Producer_batches_are_parsed_without_the_general_parser()
    {
        var batch = Json("""[{"id":"s1-b0-0","ts":1759999999000,"value":12,"key":"key-7","type":"important"}, {"id":7,"timestamp":1759999999001,"value":-0.25,"message":"m"}]""");

        Assert.NotNull(batch);
        Assert.Equal([("s1-b0-0", 1759999999000L, (double?)12, "key-7", "important"), ("7", 1759999999001L, -0.25, null, "m")],
            batch.Events.Select(e => (e.Id, e.Ts, e.Value, e.Key, e.Type)));
        Assert.Empty(batch.Errors);
    }

    [Fact]
    public void Ndjson_lines_keep_their_indexes_across_blank_lines()
    {
        var batch = Ndjson("{\"id\":\"a\",\"ts\":1759999999000}\r\n\n  \n{\"id\":\"b\"}\n{\"id\":\"c\",\"ts\":1759999999002}\n");

        Assert.NotNull(batch);
        Assert.Equal(["a", "c"], batch.Events.Select(e => e.Id));
        Assert.Equal((1, "'ts' is required (Unix epoch milliseconds; 'timestamp' is accepted too)"), (batch.Errors[0].Index, batch.Errors[0].Error));
    }

    [Fact]
    public void Keys_and_types_come_from_the_shared_cache()
    {
        var first = Json("""{"id":"a","ts":1759999999000,"key":"user-42","type":"critical"}""")!.Events[0];
        var second = Json("""{"id":"b","ts":1759999999000,"key":"user-42","type":"critical"}""")!.Events[0];

        Assert.Same(first.Key, second.Key);
        Assert.Same(first.Type, second.Type);
    }

    [Theory]
    [InlineData("-0", "8000000000000000")]
    [InlineData("0.1", "3FB999999999999A")]
    [InlineData("9007199254740993", "4340000000000000")] // past 2^53: the reader's parse, rounded to even
    [InlineData("1.5e300", "7E41EB2D66005835")] // past 10^22: the reader's parse
    [InlineData("123.456e-5", "3F543A1EB4CBFA14")]
    public void Values_are_the_same_doubles_as_the_readers(string json, string bits)
    {
        var value = Json($$"""{"id":"a","ts":1759999999000,"value":{{json}}}""")!.Events[0].Value!.Value;

        Assert.Equal(bits, BitConverter.DoubleToInt64Bits(value).ToString("X16", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(double.Parse(json, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("""{"id":"a\u0062","ts":1759999999000}""")] // an escape
    [InlineData("""{"id":"é","ts":1759999999000}""")] // non-ASCII
    [InlineData("""{"id":"a","ts":1759999999000,"x":{"y":1}}""")] // nesting
    [InlineData("""{"id":"a","ts":"1759999999000"}""")] // a wrong type: the general parser words the error
    [InlineData("""{"id":"a","ts":1759999999000,"value":1e400}""")] // infinity
    [InlineData("""{"id":"a","ts":1759999999000,"timestamp":1}""")] // a disagreement
    [InlineData("""{"id":"a","ts":1759999999000,}""")] // a trailing comma
    [InlineData("""/**/{"id":"a","ts":1759999999000}""")] // a comment
    [InlineData("""{"id":"a","ts":1759999999000} {}""")] // two values
    [InlineData("""{"id":"a","ts":01}""")] // a leading zero
    [InlineData("""[{"id":"a","ts":1759999999000}""")] // truncated
    [InlineData("")]
    public void Anything_else_is_left_to_the_general_parser(string body) => Assert.Null(Json(body));

    [Fact]
    public void A_body_the_fast_path_declines_still_gets_its_results()
    {
        var batch = EventParser.ParseJson(Encoding.UTF8.GetBytes("""[{"id":"a","ts":1759999999000},{"id":"b\u0021","ts":1759999999000,"value":"x"}]"""), EventRules.Default, Now);

        Assert.Equal(["a"], batch.Events.Select(e => e.Id));
        Assert.Equal((1, "'value' must be a finite number (or absent)"), (batch.Errors[0].Index, batch.Errors[0].Error));
    }
}
