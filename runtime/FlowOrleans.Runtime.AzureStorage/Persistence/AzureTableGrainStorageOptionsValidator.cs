using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.AzureStorage;

/// <summary>Fails start-up naming the <see cref="AzureTableGrainStorageOptions"/> property that is wrong.</summary>
public sealed class AzureTableGrainStorageOptionsValidator : IValidateOptions<AzureTableGrainStorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureTableGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{nameof(AzureTableGrainStorageOptions)}.{nameof(options.ConnectionString)} is required.");
        }

        if (AzureTableNames.Validate(options.TableName) is { } problem)
        {
            failures.Add($"{nameof(AzureTableGrainStorageOptions)}.{nameof(options.TableName)}: {problem}");
        }

        if (options.SerializerOptions is null)
        {
            failures.Add($"{nameof(AzureTableGrainStorageOptions)}.{nameof(options.SerializerOptions)} is required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
