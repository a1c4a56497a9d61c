using System.Collections.Concurrent;
using FlowOrleans.Durability.Codecs;
using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests.Log;

/// <summary>
/// A file created, renamed or deleted is durable only once its directory is fsynced. These tests watch the log's
/// directory fsyncs (<see cref="DirectorySync.Flushed"/>, filtered to this test's own directory: tests run in parallel).
/// </summary>
public sealed class DirectoryFsyncTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<(string Directory, string[] Segments)> _flushes = new();

    public DirectoryFsyncTests() => DirectorySync.Flushed += OnFlushed;

    public void Dispose()
    {
        DirectorySync.Flushed -= OnFlushed;
        _dir.Dispose();
    }

    [Fact]
    public async Task OpeningDeletesTheSegmentsAfterACorruptOneAndFsyncsTheDirectoryAfterwards()
    {
        var options = new FileIngestLogOptions { DataDirectory = _dir.Path, PartitionCount = 1, SegmentBytes = 4096 };
        await using (var log = FileIngestLog.Open(options))
        {
            for (var n = 0; n < 6; n++)
            {
                await log.AppendAsync([(0, Large(n))]); // about 3 KiB each: two frames per 4 KiB segment
            }
        }

        var p0 = Path.Combine(_dir.Path, "log", "p0");
        var segments = Directory.GetFiles(p0, "*.seg").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, segments.Length);
        var first = File.ReadAllBytes(segments[0]);
        first[^3] ^= 0x40; // the first segment's second frame fails its CRC: the two later segments no longer continue it
        File.WriteAllBytes(segments[0], first);
        _flushes.Clear();

        await using (var log = FileIngestLog.Open(options))
        {
            Assert.Equal(1, log.GetEndOffset(0));
            Assert.Equal(1, log.GetSegmentCount(0));
        }

        Assert.Equal([segments[0]], Directory.GetFiles(p0, "*.seg"));
        // Flushed is raised after the fsync: a flush that saw the files gone made their deletion durable.
        Assert.Contains(_flushes, f => f.Directory == p0 && f.Segments.SequenceEqual([segments[0]]));
    }

    [Fact]
    public async Task OpeningANewDataDirectoryFsyncsTheParentOfEveryDirectoryItCreates()
    {
        var data = Path.Combine(_dir.Path, "node", "data");
        await using (var log = FileIngestLog.Open(new FileIngestLogOptions { DataDirectory = data, PartitionCount = 2 }))
        {
            await log.AppendAsync([(0, Events.Make(0))]);
        }

        var flushed = _flushes.Select(f => f.Directory).ToHashSet();
        string[] parents = [_dir.Path, Path.Combine(_dir.Path, "node"), data, Path.Combine(data, "log")];
        Assert.All(parents, parent => Assert.Contains(parent, flushed));
    }

    private static StreamEvent Large(int n) => new(new string('x', 3000) + n, 1_700_000_000_000 + n, n, "k", null);

    private void OnFlushed(string directory)
    {
        if (directory.StartsWith(_dir.Path, StringComparison.Ordinal))
        {
            _flushes.Enqueue((directory, Directory.Exists(directory) ? Directory.GetFiles(directory, "*.seg") : []));
        }
    }
}
