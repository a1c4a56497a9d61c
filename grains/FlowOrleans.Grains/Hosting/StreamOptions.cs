using FlowOrleans.Streaming.Pipelines;
using Microsoft.Extensions.Options;

namespace FlowOrleans.Grains.Hosting;

/// <summary>Settings of the stream grains.</summary>
public sealed class StreamOptions
{
    /// <summary>Name of the grain storage provider that holds stream checkpoints.</summary>
    public const string StorageName = "checkpoints";

    /// <summary>Number of ingest log partitions (one partition grain each).</summary>
    public int Partitions { get; set; } = 4;

    /// <summary>How often partitions checkpoint the windows they fed and commit their log offsets. Default 5 s.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most events a partition grain reads from the log per step. Default 4096.</summary>
    public int ReadBatchSize { get; set; } = 4096;

    /// <summary>How often a partition looks at the log even when nobody wakes it, and how often watermarks re-check idleness. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often every silo wakes all partitions (besides on start and on every membership change), so a partition always runs somewhere. Default 5 s.</summary>
    public TimeSpan PartitionWakeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether window, session and watermark grains make every batch durable before they acknowledge it. Off on one
    /// node, where a crash takes every grain down together and the partitions replay everything past their committed
    /// offsets. On in a cluster (<see cref="AzureStreamStorageExtensions.UseAzureStreamStorage"/>), where one silo's
    /// death loses only its grains: a partition on a surviving silo does not replay, and the watermark may fire a
    /// window that moved, so a window must never lose a batch it acknowledged. Default false.
    /// </summary>
    public bool WriteThrough { get; set; }

    /// <summary>Pipelines defined in configuration (<c>Flow:Pipelines</c>); added to the catalog when missing. The default and alerts pipelines are always there.</summary>
    public List<PipelineDefinition> Pipelines { get; set; } = [];
}

/// <summary>Fails start-up with the name of the first wrong <see cref="StreamOptions"/> property.</summary>
public sealed class StreamOptionsValidator : IValidateOptions<StreamOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StreamOptions options)
    {
        var errors = new List<string>();
        if (options.Partitions is < 1 or > 256)
        {
            errors.Add($"{nameof(StreamOptions.Partitions)} must be between 1 and 256 (was {options.Partitions}).");
        }

        if (options.CheckpointInterval <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(StreamOptions.CheckpointInterval)} must be positive.");
        }

        if (options.ReadBatchSize is < 1 or > 1_000_000)
        {
            errors.Add($"{nameof(StreamOptions.ReadBatchSize)} must be between 1 and 1000000.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(StreamOptions.PollInterval)} must be positive.");
        }

        if (options.PartitionWakeInterval <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(StreamOptions.PartitionWakeInterval)} must be positive.");
        }

        foreach (var pipeline in options.Pipelines)
        {
            foreach (var error in PipelineValidator.Validate(pipeline))
            {
                errors.Add($"{nameof(StreamOptions.Pipelines)}['{pipeline.Name}']: {error}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
