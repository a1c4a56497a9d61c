using Microsoft.Extensions.Options;

namespace FlowOrleans.Runtime.Networking;

/// <summary>Validates <see cref="TcpTransportOptions"/> at start-up; each failure names the property.</summary>
public sealed class TcpTransportOptionsValidator : IValidateOptions<TcpTransportOptions>
{
    /// <summary>The smallest allowed <see cref="TcpTransportOptions.MaxFrameSize"/>.</summary>
    public const int MinFrameSize = 64 * 1024;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TcpTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SiloEndpoint is not { Port: > 0 })
        {
            failures.Add($"{nameof(TcpTransportOptions)}.{nameof(TcpTransportOptions.SiloEndpoint)} must be set with a port above 0 (was {options.SiloEndpoint?.ToString() ?? "null"}).");
        }

        if (options.GatewayEndpoint is { } gateway && (gateway.Port <= 0 || gateway.Equals(options.SiloEndpoint)))
        {
            failures.Add($"{nameof(TcpTransportOptions)}.{nameof(TcpTransportOptions.GatewayEndpoint)} must have a port above 0 that differs from SiloEndpoint (was {gateway}).");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(TcpTransportOptions)}.{nameof(TcpTransportOptions.ConnectTimeout)} must be positive (was {options.ConnectTimeout}).");
        }

        if (options.MaxFrameSize < MinFrameSize)
        {
            failures.Add($"{nameof(TcpTransportOptions)}.{nameof(TcpTransportOptions.MaxFrameSize)} must be at least {MinFrameSize} bytes (was {options.MaxFrameSize}).");
        }

        if (options.MaxQueuedRequests < 1)
        {
            failures.Add($"{nameof(TcpTransportOptions)}.{nameof(TcpTransportOptions.MaxQueuedRequests)} must be at least 1 (was {options.MaxQueuedRequests}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
