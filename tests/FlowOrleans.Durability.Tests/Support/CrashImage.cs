namespace FlowOrleans.Durability.Tests.Support;

/// <summary>What kill -9 would leave of a log: its files as they are now, copied elsewhere while the log stays open.</summary>
internal static class CrashImage
{
    /// <summary>Copies <c>DATA/log</c> to <c>IMAGE/log</c>, all but the lock file.</summary>
    public static void Take(string dataDirectory, string imageDirectory)
    {
        var source = Path.Combine(dataDirectory, "log");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == "LOCK")
            {
                continue;
            }

            var target = Path.Combine(imageDirectory, "log", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
