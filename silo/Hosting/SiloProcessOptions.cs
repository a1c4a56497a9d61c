using Microsoft.Extensions.Options;

namespace FlowOrleans.Silo.Hosting;

/// <summary>
/// Settings of one silo process, bound from the <c>Silo</c> configuration section, <c>Silo__X</c> environment variables
/// or the command line (<c>--name</c>, <c>--silo-port</c>, <c>--gateway-port</c>, <c>--connection-string</c>, <c>--partitions</c>).
/// </summary>
public sealed class SiloProcessOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Silo";

    /// <summary>The command-line switches and the keys they set.</summary>
    public static Dictionary<string, string> SwitchMappings { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--name"] = "Silo:Name",
        ["--host"] = "Silo:Host",
        ["--silo-port"] = "Silo:SiloPort",
        ["--gateway-port"] = "Silo:GatewayPort",
        ["--connection-string"] = "Silo:ConnectionString",
        ["--partitions"] = "Silo:Partitions",
        ["--cluster-id"] = "Silo:ClusterId",
    };

    /// <summary>The silo's name in logs and on the dashboard (<c>--name</c>). Default <c>silo</c>.</summary>
    public string Name { get; set; } = "silo";

    /// <summary>The address the silo listens on and other silos reach it at (<c>--host</c>). Default 127.0.0.1.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The silo-to-silo port (<c>--silo-port</c>). Required: other silos find this one by it.</summary>
    public int SiloPort { get; set; }

    /// <summary>The port external clients (the client-api gateway) connect to (<c>--gateway-port</c>); 0 for none. Default 0.</summary>
    public int GatewayPort { get; set; }

    /// <summary>The storage account of the membership table, the stream tables and the checkpoints (<c>--connection-string</c>). Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Ingest log partitions (<c>--partitions</c>); every silo and the gateway of a cluster must agree. Default 4.</summary>
    public int Partitions { get; set; } = 4;

    /// <summary>The cluster's id in the membership table (<c>--cluster-id</c>). Default <c>default</c>.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>How often grain state is checkpointed. Default 5 s.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Fails start-up with the name of the first wrong <see cref="SiloProcessOptions"/> property.</summary>
public sealed class SiloProcessOptionsValidator : IValidateOptions<SiloProcessOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SiloProcessOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            errors.Add($"{nameof(SiloProcessOptions.Name)} must not be empty (--name).");
        }

        if (!System.Net.IPAddress.TryParse(options.Host, out _))
        {
            errors.Add($"{nameof(SiloProcessOptions.Host)} must be an IP address (--host), was '{options.Host}'.");
        }

        if (options.SiloPort is < 1 or > 65535)
        {
            errors.Add($"{nameof(SiloProcessOptions.SiloPort)} must be 1-65535 (--silo-port), was {options.SiloPort}.");
        }

        if (options.GatewayPort is < 0 or > 65535 || (options.GatewayPort != 0 && options.GatewayPort == options.SiloPort))
        {
            errors.Add($"{nameof(SiloProcessOptions.GatewayPort)} must be 0 (none) or a port other than the silo port (--gateway-port), was {options.GatewayPort}.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{nameof(SiloProcessOptions.ConnectionString)} is required (--connection-string, e.g. Azurite's; scripts/cluster.sh passes it).");
        }

        if (options.Partitions is < 1 or > 256)
        {
            errors.Add($"{nameof(SiloProcessOptions.Partitions)} must be 1-256 (--partitions), was {options.Partitions}.");
        }

        if (options.CheckpointInterval <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(SiloProcessOptions.CheckpointInterval)} must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
