using FlowOrleans.Runtime.Networking;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.Client;

/// <summary>Validates <see cref="ClusterClientOptions"/> at start-up; each failure names the property.</summary>
public sealed class ClusterClientOptionsValidator : IValidateOptions<ClusterClientOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ClusterClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Gateways.Any(g => g is null || g.Port <= 0))
        {
            failures.Add($"{nameof(ClusterClientOptions)}.{nameof(ClusterClientOptions.Gateways)} must hold endpoints with a port above 0 (was {string.Join(", ", options.Gateways)}).");
        }

        if (options.ResponseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ClusterClientOptions)}.{nameof(ClusterClientOptions.ResponseTimeout)} must be positive (was {options.ResponseTimeout}).");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ClusterClientOptions)}.{nameof(ClusterClientOptions.ConnectTimeout)} must be positive (was {options.ConnectTimeout}).");
        }

        if (options.MaxFrameSize < TcpTransportOptionsValidator.MinFrameSize)
        {
            failures.Add($"{nameof(ClusterClientOptions)}.{nameof(ClusterClientOptions.MaxFrameSize)} must be at least {TcpTransportOptionsValidator.MinFrameSize} bytes (was {options.MaxFrameSize}).");
        }

        if (options.PlacementChangedRetries is < 0 or > 16)
        {
            failures.Add($"{nameof(ClusterClientOptions)}.{nameof(ClusterClientOptions.PlacementChangedRetries)} must be 0-16 (was {options.PlacementChangedRetries}).");
        }

        if (options.PlacementChangedRetryDelay < TimeSpan.Zero)
        {
            failures.Add($"{nameof(ClusterClientOptions)}.{nameof(ClusterClientOptions.PlacementChangedRetryDelay)} must not be negative (was {options.PlacementChangedRetryDelay}).");
        }

        if (options.MaxQueuedRequests < 1)
        {
            failures.Add($"{nameof(ClusterClientOptions)}.{nameof(ClusterClientOptions.MaxQueuedRequests)} must be at least 1 (was {options.MaxQueuedRequests}).");
        }

        if (options.SerializerOptions is null)
        {
            failures.Add($"{nameof(ClusterClientOptions)}.{nameof(ClusterClientOptions.SerializerOptions)} must be set.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
