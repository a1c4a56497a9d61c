using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.AzureStorage.Stream;

/// <summary>Fails start-up naming the <see cref="AzureTableLogStoreOptions"/> property that is wrong.</summary>
public sealed class AzureTableLogStoreOptionsValidator : IValidateOptions<AzureTableLogStoreOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureTableLogStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{nameof(AzureTableLogStoreOptions)}.{nameof(options.ConnectionString)} is required.");
        }

        if (AzureTableNames.Validate(options.TableName) is { } problem)
        {
            failures.Add($"{nameof(AzureTableLogStoreOptions)}.{nameof(options.TableName)}: {problem}");
        }

        if (options.MaxEventsPerBatch < 1)
        {
            failures.Add($"{nameof(AzureTableLogStoreOptions)}.{nameof(options.MaxEventsPerBatch)} must be at least 1, was {options.MaxEventsPerBatch}.");
        }

        if (options.MaxAppendAttempts < 1)
        {
            failures.Add($"{nameof(AzureTableLogStoreOptions)}.{nameof(options.MaxAppendAttempts)} must be at least 1, was {options.MaxAppendAttempts}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
