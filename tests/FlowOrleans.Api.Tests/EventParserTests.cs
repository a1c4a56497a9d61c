using System.Text;
using FlowOrleans.ClientApi.Ingest;

namespace FlowOrleans.Api.Tests;

public class EventParserTests
{
    private const long Now = 1_760_000_000_000;
    private static readonly EventRules Rules = EventRules.Default;

    private static ParsedBatch Json(string body) => EventParser.ParseJson(Encoding.UTF8.GetBytes(body), Rules, Now);

    private static ParsedBatch Ndjson(string body) => EventParser.ParseNdjson(Encoding.UTF8.GetBytes(body), Rules, Now);

    [Fact]
    public void OneObjectIsOneEvent()
    {
        var batch = Json("""{"id":"a","ts":1759999999000,"value":12.5,"key":"k1","type":"important"}""");
        var e = Assert.Single(batch.Events);
        Assert.Equal(("a", 1759999999000L, 12.5, "k1", "important"), (e.Id, e.Ts, e.Value!.Value, e.Key, e.Type));
        Assert.Empty(batch.Errors);
    }

    [Fact]
    public void AliasesAndIntegerIdsAreAccepted()
    {
        var e = Assert.Single(Json("""{"id": 42, "timestamp": 1759999999000, "message": "critical"}""").Events);
        Assert.Equal(("42", 1759999999000L, (double?)null, (string?)null, "critical"), (e.Id, e.Ts, e.Value, e.Key, e.Type));
    }

    [Theory]
    [InlineData("""{"ts":1759999999000}""", "'id' is required")]
    [InlineData("""{"id":"a"}""", "'ts' is required")]
    [InlineData("""{"id":1.5,"ts":1759999999000}""", "'id' must be a string or an integer")]
    [InlineData("""{"id":"","ts":1759999999000}""", "'id' must not be empty")]
    [InlineData("""{"id":"a","ts":"1759999999000"}""", "'ts' must be an integer")]
    [InlineData("""{"id":"a","ts":1759999999000.5}""", "'ts' must be an integer")]
    [InlineData("""{"id":"a","ts":1700}""", "is before 2000-01-01")]
    [InlineData("""{"id":"a","ts":1760090000000}""", "in the future")]
    [InlineData("""{"id":"a","ts":1759999999000,"value":"12"}""", "'value' must be a finite number")]
    [InlineData("""{"id":"a","ts":1759999999000,"value":1e400}""", "'value' must be a finite number")]
    [InlineData("""{"id":"a","ts":1759999999000,"key":7}""", "'key' must be a string")]
    [InlineData("""{"id":"a","ts":1759999999000,"type":true}""", "'type' must be a string")]
    [InlineData("""{"id":"a","ts":1759999999000,"timestamp":1759999999001}""", "disagree")]
    [InlineData("""[1]""", "must be a JSON object, not a number")]
    public void InvalidEventsGetTheirOwnReason(string body, string reason)
    {
        var batch = Json(body);
        Assert.Empty(batch.Events);
        var error = Assert.Single(batch.Errors);
        Assert.Equal(0, error.Index);
        Assert.Contains(reason, error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void IdLengthLimitIsExactly128Characters()
    {
        var ok = Json($$"""{"id":"{{new string('x', 128)}}","ts":1759999999000}""");
        var tooLong = Json($$"""{"id":"{{new string('x', 129)}}","ts":1759999999000}""");
        Assert.Single(ok.Events);
        Assert.Contains("129 characters", Assert.Single(tooLong.Errors).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidEventsOfAMixedArraySurviveTheInvalidOnes()
    {
        var batch = Json("""[{"id":"a","ts":1759999999000},{"id":"b"},"x",{"id":"c","ts":1759999999001,"value":null},{"id":"d","ts":1759999999002,"nested":{"deep":[1,2]}}]""");
        Assert.Equal(["a", "c", "d"], batch.Events.Select(e => e.Id));
        Assert.Equal([1, 2], batch.Errors.Select(e => e.Index));
        Assert.Equal(5, batch.Total);
    }

    [Fact]
    public void NdjsonJudgesEachLineOnItsOwn()
    {
        var batch = Ndjson("{\"id\":\"a\",\"ts\":1759999999000}\r\n\n{not json}\n{\"id\":\"b\",\"ts\":1759999999001} {\"id\":\"c\"}\n{\"id\":\"d\",\"ts\":1759999999002}");
        Assert.Equal(["a", "d"], batch.Events.Select(e => e.Id));
        Assert.Equal([1, 2], batch.Errors.Select(e => e.Index));
        Assert.Contains("not valid JSON", batch.Errors[0].Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"id\":\"a\",")]
    [InlineData("[{\"id\":\"a\",\"ts\":1759999999000}")]
    [InlineData("{\"id\":\"a\",\"ts\":1759999999000} {\"id\":\"b\",\"ts\":1759999999000}")]
    [InlineData("NaN")]
    public void MalformedBodiesAreRejectedWhole(string body)
    {
        var ex = Assert.Throws<MalformedBodyException>(() => Json(body));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }
}
