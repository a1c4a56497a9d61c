using FlowOrleans.Runtime.AzureStorage;

namespace FlowOrleans.AzureStorage.Tests.Persistence;

public sealed class AzureTableKeyEncoderTests
{
    [Theory]
    [InlineData("plain-key_1", "plain-key_1")]
    [InlineData("a/b", "a~002Fb")]
    [InlineData("a\\b#c?d", "a~005Cb~0023c~003Fd")]
    [InlineData("~", "~007E")]
    [InlineData("x\u0001y", "x~0001y")]
    public void Forbidden_characters_are_escaped(string value, string expected)
    {
        var key = AzureTableKeyEncoder.Encode(value);

        Assert.Equal(expected, key);
        Assert.Equal(value, AzureTableKeyEncoder.Decode(key));
    }

    [Fact]
    public void Distinct_values_never_share_a_key()
    {
        Assert.NotEqual(AzureTableKeyEncoder.Encode("a/b"), AzureTableKeyEncoder.Encode("a~002Fb"));
    }

    [Fact]
    public void Keys_longer_than_the_limit_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => AzureTableKeyEncoder.Encode(new string('/', 300)));

        Assert.Contains("1024", error.Message, StringComparison.Ordinal);
    }
}
