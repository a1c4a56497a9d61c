using FlowOrleans.Runtime.AzureStorage.Membership;
using FlowOrleans.Runtime.Membership;

namespace FlowOrleans.AzureStorage.Tests.Membership;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableMembershipTableTests(AzuriteFixture azurite) : MembershipTableContractTests
{
    private readonly string _tableName = AzuriteFixture.UniqueTableName("members");

    /// <summary>Each test gets its own cluster (partition) in a table shared by the class instance.</summary>
    protected override IMembershipTable CreateTable() => new AzureTableMembershipTable(new AzureTableMembershipOptions
    {
        ConnectionString = azurite.ConnectionString,
        TableName = _tableName,
        ClusterId = "cluster/" + Guid.NewGuid().ToString("N"),
    });

    [Fact]
    public void Invalid_options_name_the_property()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => new AzureTableMembershipTable(new AzureTableMembershipOptions { ConnectionString = azurite.ConnectionString, ClusterId = " " }));

        Assert.Contains("ClusterId", error.Message, StringComparison.Ordinal);
    }
}
