using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using FlowOrleans.Durability.CrashWriter;
using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests.Log;

/// <summary>
/// A child process appends in a loop and prints every acknowledged offset; the test kills it (SIGKILL) mid-stream,
/// twice (the second run starts from the recovered log), then checks every acknowledged record and key is there, intact.
/// </summary>
public sealed class KillNineTests : IDisposable
{
    private const int Partitions = 4;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task EveryAcknowledgedRecordSurvivesKillNine()
    {
        var acks = new List<(long Batch, List<(int Partition, long Offset)> Offsets)>();
        acks.AddRange(await RunAndKill(firstBatch: 0, minAcks: 300));
        acks.AddRange(await RunAndKill(firstBatch: 1_000_000, minAcks: 300));

        await using var log = FileIngestLog.Open(new FileIngestLogOptions { DataDirectory = _dir.Path, PartitionCount = Partitions, SegmentBytes = 64 * 1024 });
        var all = new Dictionary<(int, long), LoggedEvent>();
        for (var p = 0; p < Partitions; p++)
        {
            var events = await log.ReadAsync(p, 0, int.MaxValue);
            Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Offset));
            Assert.Equal(log.GetEndOffset(p), events.Count);
            foreach (var e in events)
            {
                all[(p, e.Offset)] = e;
            }
        }

        // Nothing stored is corrupt, and every batch (spread over partitions) is all there or not at all.
        var storedBatches = all.Values.GroupBy(e => long.Parse(e.Event.Id[1..e.Event.Id.IndexOf('-', StringComparison.Ordinal)], CultureInfo.InvariantCulture));
        foreach (var batch in storedBatches)
        {
            Assert.Equal(
                Enumerable.Range(0, CrashWriterEvents.EventsPerBatch).Select(i => CrashWriterEvents.Make(batch.Key, i)),
                batch.Select(e => e.Event).OrderBy(e => e.Ts));
        }

        var keys = log.RecoveredIdempotencyRecords.ToDictionary(r => r.Key);
        Assert.Equal(storedBatches.Select(b => CrashWriterEvents.IdempotencyKey(b.Key)).Order(), keys.Keys.Order());
        foreach (var (batch, offsets) in acks)
        {
            for (var i = 0; i < offsets.Count; i++)
            {
                Assert.True(all.TryGetValue(offsets[i], out var stored), $"batch {batch} event {i} at {offsets[i]} is lost");
                Assert.Equal(CrashWriterEvents.Make(batch, i), stored.Event);
                Assert.Equal(CrashWriterEvents.PartitionOf(batch, i, Partitions), offsets[i].Partition);
            }

            Assert.Equal(CrashWriterEvents.Response(batch), keys[CrashWriterEvents.IdempotencyKey(batch)].Response);
        }
    }

    private async Task<List<(long, List<(int, long)>)>> RunAndKill(long firstBatch, int minAcks)
    {
        var lines = new ConcurrentQueue<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dll = Path.Combine(AppContext.BaseDirectory, "FlowOrleans.Durability.CrashWriter.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "append", _dir.Path, Partitions.ToString(CultureInfo.InvariantCulture), "4", firstBatch.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("ack ", StringComparison.Ordinal))
            {
                lines.Enqueue(line);
                if (lines.Count >= minAcks)
                {
                    enough.TrySetResult();
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        try
        {
            await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.NotEqual(0, process.ExitCode);
        return lines.Select(Parse).ToList();
    }

    private static (long, List<(int, long)>) Parse(string line)
    {
        var parts = line.Split(' ');
        var offsets = parts.Skip(2)
            .Select(p => p.Split(':'))
            .Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), long.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(CrashWriterEvents.EventsPerBatch, offsets.Count);
        return (long.Parse(parts[1], CultureInfo.InvariantCulture), offsets);
    }
}
