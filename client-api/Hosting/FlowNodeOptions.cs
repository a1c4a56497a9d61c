using Microsoft.Extensions.Options;

namespace FlowOrleans.ClientApi.Hosting;

/// <summary>Settings of a FlowOrleans node, bound from the <c>Flow</c> configuration section and the command line.</summary>
public sealed class FlowNodeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Flow";

    /// <summary>Where the embedded node keeps its ingest log, checkpoints, results and late events. Default <c>./data</c> (<c>--data-dir</c>).</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Number of ingest log partitions (and partition grains). Fixed for the life of a data directory. Default 4.</summary>
    public int Partitions { get; set; } = 4;

    /// <summary>Largest accepted request body, in bytes; larger bodies get 413. Default 8 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>How often grain state is checkpointed (CONTRACT §5: at least every 5 s). Default 5 s.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Events with a <c>ts</c> before this (Unix ms) are rejected. Default 2000-01-01.</summary>
    public long MinEventTs { get; set; } = Ingest.EventRules.Year2000;

    /// <summary>Events with a <c>ts</c> further than this in the future are rejected. Default 1 day.</summary>
    public TimeSpan MaxEventFuture { get; set; } = TimeSpan.FromDays(1);

    /// <summary>When the log holds more events the partitions have not read than this, ingest answers 429 with Retry-After. Default 2,000,000.</summary>
    public long MaxBacklogEvents { get; set; } = 2_000_000;

    /// <summary>
    /// When the log holds more uncommitted events than this (processed or not, waiting for the windows' checkpoint),
    /// ingest answers 429: it bounds the log's disk use and the replay after a crash when checkpoints stall. Processed
    /// events stay uncommitted for up to <see cref="CheckpointInterval"/>, so this must exceed the rate times that
    /// interval: 5 s at 1 M events/s is 5,000,000. Default 20,000,000 (about 1 GB of log).
    /// </summary>
    public long MaxUncommittedEvents { get; set; } = 20_000_000;

    /// <summary>
    /// How long a partition waits after an append before it reads the log (a linger): the events of the commits in
    /// that time are processed as one batch, with one round of window and watermark calls, instead of one round per
    /// request. It delays results by this much, never the 202. Default zero (read at once): on the 2-core bench
    /// machine 5 ms cut allocations per single-event request by 30% but not CPU, and added to the <c>/ws</c> latency.
    /// </summary>
    public TimeSpan WakeDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Start the built-in event generator at start-up (<c>--demo</c>).</summary>
    public bool Demo { get; set; }

    /// <summary>Cluster mode (<c>Flow:Cluster</c>): with a connection string the gateway hosts no silo and talks to the cluster's silos.</summary>
    public FlowClusterOptions Cluster { get; set; } = new();
}

/// <summary>Fails start-up with the name of the first wrong <see cref="FlowNodeOptions"/> property.</summary>
public sealed class FlowNodeOptionsValidator : IValidateOptions<FlowNodeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FlowNodeOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            errors.Add($"{nameof(FlowNodeOptions.DataDir)} must name a directory (--data-dir DIR).");
        }

        if (options.Partitions is < 1 or > 256)
        {
            errors.Add($"{nameof(FlowNodeOptions.Partitions)} must be between 1 and 256 (was {options.Partitions}).");
        }

        if (options.MaxBodyBytes < 1024)
        {
            errors.Add($"{nameof(FlowNodeOptions.MaxBodyBytes)} must be at least 1024 (was {options.MaxBodyBytes}).");
        }

        if (options.CheckpointInterval <= TimeSpan.Zero || options.CheckpointInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{nameof(FlowNodeOptions.CheckpointInterval)} must be between 0 and 10 minutes (was {options.CheckpointInterval}).");
        }

        if (options.MaxEventFuture < TimeSpan.Zero)
        {
            errors.Add($"{nameof(FlowNodeOptions.MaxEventFuture)} must not be negative.");
        }

        if (options.MaxBacklogEvents < 1)
        {
            errors.Add($"{nameof(FlowNodeOptions.MaxBacklogEvents)} must be positive.");
        }

        if (options.MaxUncommittedEvents < 1)
        {
            errors.Add($"{nameof(FlowNodeOptions.MaxUncommittedEvents)} must be positive.");
        }

        if (options.WakeDelay < TimeSpan.Zero || options.WakeDelay > TimeSpan.FromSeconds(1))
        {
            errors.Add($"{nameof(FlowNodeOptions.WakeDelay)} must be between 0 and 1 second (was {options.WakeDelay}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
