using System.Globalization;
using System.Text;
using FlowOrleans.Durability.Codecs;

namespace FlowOrleans.Durability.Log;

/// <summary>
/// The committed offset of every partition in one small text file (<c>partition offset</c> per line), replaced
/// atomically: written to a temp file, fsynced, then renamed over the old one.
/// </summary>
public static class CommittedOffsetsFile
{
    public static long[] Load(string path, int partitionCount)
    {
        var offsets = new long[partitionCount];
        if (!File.Exists(path))
        {
            return offsets;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                && partition < partitionCount)
            {
                offsets[partition] = offset;
            }
        }

        return offsets;
    }

    public static void Save(string path, IReadOnlyList<long> offsets)
    {
        var text = new StringBuilder();
        for (var i = 0; i < offsets.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i} {offsets[i]}\n");
        }

        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
