using FlowOrleans.Runtime.Membership;

namespace FlowOrleans.AzureStorage.Tests.Membership;

public sealed class ClusterMembershipOptionsValidatorTests
{
    private readonly ClusterMembershipOptionsValidator _validator = new();

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(_validator.Validate(null, new ClusterMembershipOptions()).Succeeded);
    }

    [Fact]
    public void A_bad_value_is_reported_with_its_property_name()
    {
        var result = _validator.Validate(null, new ClusterMembershipOptions { ProbeTimeout = TimeSpan.Zero, NumMissedProbesLimit = 0 });

        Assert.True(result.Failed);
        Assert.Contains("ProbeTimeout", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("NumMissedProbesLimit", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void More_votes_than_probers_is_refused()
    {
        var result = _validator.Validate(null, new ClusterMembershipOptions { NumVotesForDeathDeclaration = 4, NumProbedSilos = 3 });

        Assert.Contains("NumVotesForDeathDeclaration", result.FailureMessage, StringComparison.Ordinal);
    }
}
