using System.Runtime.InteropServices;

namespace FlowOrleans.Durability.Codecs;

/// <summary>
/// fsyncs a directory so a file just created or renamed in it survives a power loss (POSIX keeps directory entries
/// apart from file data). .NET cannot open a directory as a file, hence libc. A no-op on Windows.
/// </summary>
public static partial class DirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>Raised after each successful directory fsync, with the directory (tests check that a change was made durable).</summary>
    internal static event Action<string>? Flushed;

    /// <summary>
    /// Creates <paramref name="directory"/> and any missing parent, fsyncing the parent of each one it creates, so the new
    /// directories (and later the files in them) survive a power loss.
    /// </summary>
    public static void CreateDirectory(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (Directory.Exists(full))
        {
            return;
        }

        var parent = Path.GetDirectoryName(full);
        if (parent is not null)
        {
            CreateDirectory(parent);
        }

        Directory.CreateDirectory(full);
        if (parent is not null)
        {
            Flush(parent);
        }
    }

    /// <summary>fsyncs the directory, so the files created, renamed or deleted in it stay so after a power loss.</summary>
    /// <exception cref="FsyncFailedException">The fsync failed: the directory's changes may be lost.</exception>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory {directory} to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new FsyncFailedException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }

        Flushed?.Invoke(directory);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
