namespace FlowOrleans.Durability.Tests;

public class SmokeTests
{
    [Fact]
    public void AssemblyLoads() => Assert.Equal("FlowOrleans.Durability.Tests", typeof(SmokeTests).Assembly.GetName().Name);
}
