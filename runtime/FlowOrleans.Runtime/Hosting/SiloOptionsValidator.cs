using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime;

/// <summary>Validates <see cref="SiloOptions"/> at start-up; each failure names the property.</summary>
public sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        if (options.ResponseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SiloOptions)}.{nameof(SiloOptions.ResponseTimeout)} must be positive (was {options.ResponseTimeout}).");
        }

        if (options.CollectionAge <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SiloOptions)}.{nameof(SiloOptions.CollectionAge)} must be positive (was {options.CollectionAge}).");
        }

        if (options.CollectionQuantum <= TimeSpan.Zero || options.CollectionQuantum > options.CollectionAge)
        {
            failures.Add($"{nameof(SiloOptions)}.{nameof(SiloOptions.CollectionQuantum)} must be positive and at most CollectionAge (was {options.CollectionQuantum}).");
        }

        if (options.DeactivationTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SiloOptions)}.{nameof(SiloOptions.DeactivationTimeout)} must be positive (was {options.DeactivationTimeout}).");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SiloOptions)}.{nameof(SiloOptions.ShutdownTimeout)} must be positive (was {options.ShutdownTimeout}).");
        }

        if (options.MaxWorkItemsPerRun < 1)
        {
            failures.Add($"{nameof(SiloOptions)}.{nameof(SiloOptions.MaxWorkItemsPerRun)} must be at least 1 (was {options.MaxWorkItemsPerRun}).");
        }

        if (string.IsNullOrWhiteSpace(options.SiloName))
        {
            failures.Add($"{nameof(SiloOptions)}.{nameof(SiloOptions.SiloName)} must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
