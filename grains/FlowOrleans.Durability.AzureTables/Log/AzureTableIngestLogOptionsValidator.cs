using FlowOrleans.Runtime.AzureStorage;
using FlowOrleans.Runtime.AzureStorage.Stream;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Durability.AzureTables.Log;

/// <summary>Fails start-up naming the <see cref="AzureTableIngestLogOptions"/> property that is wrong.</summary>
public sealed class AzureTableIngestLogOptionsValidator : IValidateOptions<AzureTableIngestLogOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureTableIngestLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string prefix = nameof(AzureTableIngestLogOptions) + ".";
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{prefix}{nameof(options.ConnectionString)} is required (e.g. Azurite's connection string).");
        }

        foreach (var (property, table) in new[]
        {
            (nameof(options.LogTableName), options.LogTableName),
            (nameof(options.CommittedTableName), options.CommittedTableName),
            (nameof(options.IdempotencyTableName), options.IdempotencyTableName),
        })
        {
            if (AzureTableNames.Validate(table) is { } problem)
            {
                failures.Add($"{prefix}{property}: {problem}");
            }
        }

        if (options.PartitionCount is < 1 or > 256)
        {
            failures.Add($"{prefix}{nameof(options.PartitionCount)} must be 1..256, was {options.PartitionCount}.");
        }

        if (options.MaxEventsPerBatch < 1)
        {
            failures.Add($"{prefix}{nameof(options.MaxEventsPerBatch)} must be at least 1, was {options.MaxEventsPerBatch}.");
        }

        if (options.MaxBatchBytes is < 1024 or > SplitDataProperties.MaxPayloadBytes)
        {
            failures.Add($"{prefix}{nameof(options.MaxBatchBytes)} must be 1024..{SplitDataProperties.MaxPayloadBytes}, was {options.MaxBatchBytes}.");
        }

        if (options.MinPollInterval <= TimeSpan.Zero || options.MaxPollInterval < options.MinPollInterval)
        {
            failures.Add($"{prefix}{nameof(options.MinPollInterval)} must be positive and at most {nameof(options.MaxPollInterval)}.");
        }

        if (options.IdempotencyRetention < TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.IdempotencyRetention)} must not be negative.");
        }

        if (options.MaxAppendAttempts < 1)
        {
            failures.Add($"{prefix}{nameof(options.MaxAppendAttempts)} must be at least 1, was {options.MaxAppendAttempts}.");
        }

        if (options.TimeProvider is null)
        {
            failures.Add($"{prefix}{nameof(options.TimeProvider)} is required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> when <paramref name="options"/> are invalid.</summary>
    internal static void ThrowIfInvalid(AzureTableIngestLogOptions options)
    {
        var result = new AzureTableIngestLogOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(AzureTableIngestLogOptions), typeof(AzureTableIngestLogOptions), result.Failures);
        }
    }

    /// <summary>The log store options matching <paramref name="options"/>.</summary>
    internal static AzureTableLogStoreOptions StoreOptions(AzureTableIngestLogOptions options) => new()
    {
        ConnectionString = options.ConnectionString,
        TableName = options.LogTableName,
        MaxEventsPerBatch = options.MaxEventsPerBatch,
    };
}
