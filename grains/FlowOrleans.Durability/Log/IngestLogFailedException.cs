namespace FlowOrleans.Durability.Log;

/// <summary>
/// The ingest log stopped: an fsync failed (or a failed commit could not be undone), so it can no longer tell what is on
/// disk. The append that met the failure and every later one fail with this; reopening the log (restarting the node)
/// recovers from what is really on disk.
/// </summary>
public sealed class IngestLogFailedException : IOException
{
    public IngestLogFailedException(Exception innerException)
        : base("The ingest log failed (" + innerException.Message + ") and accepts no more appends until it is reopened.", innerException)
    {
    }
}
