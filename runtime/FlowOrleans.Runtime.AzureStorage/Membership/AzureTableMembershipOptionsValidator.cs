using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.AzureStorage.Membership;

/// <summary>Fails start-up naming the <see cref="AzureTableMembershipOptions"/> property that is wrong.</summary>
public sealed class AzureTableMembershipOptionsValidator : IValidateOptions<AzureTableMembershipOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureTableMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{nameof(AzureTableMembershipOptions)}.{nameof(options.ConnectionString)} is required.");
        }

        if (AzureTableNames.Validate(options.TableName) is { } problem)
        {
            failures.Add($"{nameof(AzureTableMembershipOptions)}.{nameof(options.TableName)}: {problem}");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{nameof(AzureTableMembershipOptions)}.{nameof(options.ClusterId)} is required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
