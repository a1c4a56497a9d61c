using FlowOrleans.Runtime.Membership;

namespace FlowOrleans.AzureStorage.Tests.Membership;

public sealed class InMemoryMembershipTableTests : MembershipTableContractTests
{
    protected override IMembershipTable CreateTable() => new InMemoryMembershipTable();
}
