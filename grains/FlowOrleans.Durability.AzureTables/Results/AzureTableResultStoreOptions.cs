using FlowOrleans.Durability.Results;
using FlowOrleans.Runtime.AzureStorage;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Durability.AzureTables.Results;

/// <summary>Settings of the table-backed result storage (<see cref="AzureTableResultStore"/> on silos, <see cref="ResultMirror"/> on the gateway).</summary>
public sealed class AzureTableResultStoreOptions
{
    /// <summary>The storage account connection string (Azurite's in a local cluster). Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Window results, one entity per (pipeline, key, window start). Default <c>FlowOrleansResults</c>.</summary>
    public string ResultsTableName { get; set; } = "FlowOrleansResults";

    /// <summary>Late records, one entity per (pipeline, partition, offset, window start). Default <c>FlowOrleansLate</c>.</summary>
    public string LateTableName { get; set; } = "FlowOrleansLate";

    /// <summary>The change journal each writing process appends to, and its registry of writers. Default <c>FlowOrleansResultJournal</c>.</summary>
    public string JournalTableName { get; set; } = "FlowOrleansResultJournal";

    /// <summary>How long journal entries are kept; a mirror that starts later rebuilds from the result and late tables. Default 10 minutes.</summary>
    public TimeSpan JournalRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the mirror looks for new journal entries while they keep coming (the fastest poll). Default 100 ms.</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The slowest mirror poll, reached by doubling while nothing changes. Default 1 s.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many results and late records the in-memory index keeps. Default <see cref="ResultStoreLimits.Default"/>.</summary>
    public ResultStoreLimits Limits { get; set; } = ResultStoreLimits.Default;

    /// <summary>Clock for journal times. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>Fails start-up naming the <see cref="AzureTableResultStoreOptions"/> property that is wrong.</summary>
public sealed class AzureTableResultStoreOptionsValidator : IValidateOptions<AzureTableResultStoreOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureTableResultStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string prefix = nameof(AzureTableResultStoreOptions) + ".";
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{prefix}{nameof(options.ConnectionString)} is required (e.g. Azurite's connection string).");
        }

        foreach (var (property, table) in new[]
        {
            (nameof(options.ResultsTableName), options.ResultsTableName),
            (nameof(options.LateTableName), options.LateTableName),
            (nameof(options.JournalTableName), options.JournalTableName),
        })
        {
            if (AzureTableNames.Validate(table) is { } problem)
            {
                failures.Add($"{prefix}{property}: {problem}");
            }
        }

        if (options.JournalRetention < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{prefix}{nameof(options.JournalRetention)} must be at least 1 minute, was {options.JournalRetention}.");
        }

        if (options.MinPollInterval <= TimeSpan.Zero || options.MaxPollInterval < options.MinPollInterval)
        {
            failures.Add($"{prefix}{nameof(options.MinPollInterval)} must be positive and at most {nameof(options.MaxPollInterval)}.");
        }

        if (options.Limits is null)
        {
            failures.Add($"{prefix}{nameof(options.Limits)} is required.");
        }

        if (options.TimeProvider is null)
        {
            failures.Add($"{prefix}{nameof(options.TimeProvider)} is required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void ThrowIfInvalid(AzureTableResultStoreOptions options)
    {
        var result = new AzureTableResultStoreOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(AzureTableResultStoreOptions), typeof(AzureTableResultStoreOptions), result.Failures);
        }
    }
}
