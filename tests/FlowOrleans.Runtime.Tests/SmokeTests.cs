namespace FlowOrleans.Runtime.Tests;

public class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("FlowOrleans.Runtime.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
