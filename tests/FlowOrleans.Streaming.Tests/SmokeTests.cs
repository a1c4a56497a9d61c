namespace FlowOrleans.Streaming.Tests;

public class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("FlowOrleans.Streaming.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
