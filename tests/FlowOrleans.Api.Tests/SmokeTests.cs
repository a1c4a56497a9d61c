namespace FlowOrleans.Api.Tests;

public class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("FlowOrleans.Api.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
