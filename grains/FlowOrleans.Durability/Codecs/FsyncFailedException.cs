namespace FlowOrleans.Durability.Codecs;

/// <summary>
/// An fsync failed. The kernel may have dropped the dirty pages it could not write and marked them clean, so a retried
/// fsync can succeed without the data being on disk: whoever sees this must stop trusting what it wrote since the last
/// successful fsync, and recover from what is really on disk.
/// </summary>
public sealed class FsyncFailedException : IOException
{
    public FsyncFailedException(string message)
        : base(message)
    {
    }

    public FsyncFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
