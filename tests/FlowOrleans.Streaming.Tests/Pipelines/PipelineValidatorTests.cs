using FlowOrleans.Streaming.Pipelines;

namespace FlowOrleans.Streaming.Tests.Pipelines;

public class PipelineValidatorTests
{
    [Fact]
    public void Ready_made_pipelines_are_valid()
    {
        Assert.Empty(PipelineValidator.Validate(PipelineDefinition.Default));
        Assert.Empty(PipelineValidator.Validate(PipelineDefinition.Alerts));
    }

    [Fact]
    public void Every_error_is_reported_with_its_field()
    {
        var d = new PipelineDefinition
        {
            Name = "bad name!",
            Window = new WindowDefinition { Type = WindowTypes.Sliding, Size = 10_000, Slide = 3_000 },
            GroupBy = "user",
            Types = [],
            WatermarkDelay = -1,
            AllowedLateness = -1,
            IdleTimeout = 0,
            Shards = 0,
            Aggregates = ["count", "median", "p100", "count"],
        };
        Assert.Equal(
        [
            "name must be 1-64 characters of [A-Za-z0-9_-]",
            "window.slide must divide window.size",
            "groupBy must be \"key\" or null",
            "types must not be empty (use null to keep every type)",
            "watermarkDelay must be >= 0",
            "allowedLateness must be >= 0",
            "idleTimeout must be > 0",
            "shards must be between 1 and 1024",
            "aggregates: unknown aggregate 'median'",
            "aggregates: unknown aggregate 'p100'",
            "aggregates: 'count' is listed twice",
        ], PipelineValidator.Validate(d));
    }

    [Theory]
    [InlineData("tumbling", 0, null, null, "window.size must be > 0")]
    [InlineData("sliding", 10_000, null, null, "window.slide must be > 0")]
    [InlineData("sliding", 0, 5_000L, null, "window.size must be > 0")]
    [InlineData("session", 0, null, 0L, "window.gap must be > 0")]
    [InlineData("hopping", 10, null, null, "window.type must be one of tumbling, sliding, session")]
    public void Window_errors_name_the_field(string type, long size, long? slide, long? gap, string error)
    {
        var d = PipelineDefinition.Default;
        d.Window = new WindowDefinition { Type = type, Size = size, Slide = slide, Gap = gap };
        Assert.Equal([error], PipelineValidator.Validate(d));
    }

    [Fact]
    public void Sessions_take_allowed_lateness()
    {
        var d = PipelineDefinition.Default;
        d.Window = new WindowDefinition { Type = WindowTypes.Session, Gap = 1_000 };
        d.AllowedLateness = 1;
        Assert.Empty(PipelineValidator.Validate(d));
        d.AllowedLateness = -1;
        Assert.Equal(["allowedLateness must be >= 0"], PipelineValidator.Validate(d));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("Alerts_2-x", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("é", false)]
    public void Names_are_checked(string name, bool valid) => Assert.Equal(valid, PipelineValidator.IsValidName(name));

    [Fact]
    public void Names_longer_than_64_are_rejected()
    {
        Assert.True(PipelineValidator.IsValidName(new string('a', 64)));
        Assert.False(PipelineValidator.IsValidName(new string('a', 65)));
    }

    [Fact]
    public void Null_body_is_an_error() => Assert.NotEmpty(PipelineValidator.Validate(null));
}
