using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.Membership;

/// <summary>Fails start-up with the name of the first <see cref="ClusterMembershipOptions"/> property that is out of range.</summary>
public sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        RequirePositive(options.ProbeInterval, nameof(options.ProbeInterval), failures);
        RequirePositive(options.ProbeTimeout, nameof(options.ProbeTimeout), failures);
        RequirePositive(options.DeathVoteExpirationTimeout, nameof(options.DeathVoteExpirationTimeout), failures);
        RequirePositive(options.IAmAliveTablePublishTimeout, nameof(options.IAmAliveTablePublishTimeout), failures);
        RequirePositive(options.TableRefreshTimeout, nameof(options.TableRefreshTimeout), failures);
        RequirePositive(options.DefunctSiloExpiration, nameof(options.DefunctSiloExpiration), failures);
        RequirePositive(options.DefunctSiloCleanupPeriod, nameof(options.DefunctSiloCleanupPeriod), failures);
        RequireAtLeastOne(options.NumMissedProbesLimit, nameof(options.NumMissedProbesLimit), failures);
        RequireAtLeastOne(options.NumProbedSilos, nameof(options.NumProbedSilos), failures);
        RequireAtLeastOne(options.NumVotesForDeathDeclaration, nameof(options.NumVotesForDeathDeclaration), failures);
        RequireAtLeastOne(options.NumMissedTableIAmAliveLimit, nameof(options.NumMissedTableIAmAliveLimit), failures);
        if (options.NumVotesForDeathDeclaration > options.NumProbedSilos)
        {
            failures.Add($"{nameof(ClusterMembershipOptions)}.{nameof(options.NumVotesForDeathDeclaration)} ({options.NumVotesForDeathDeclaration}) must not exceed {nameof(options.NumProbedSilos)} ({options.NumProbedSilos}): a silo could never be declared dead.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(TimeSpan value, string property, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ClusterMembershipOptions)}.{property} must be positive, was {value}.");
        }
    }

    private static void RequireAtLeastOne(int value, string property, List<string> failures)
    {
        if (value < 1)
        {
            failures.Add($"{nameof(ClusterMembershipOptions)}.{property} must be at least 1, was {value}.");
        }
    }
}
