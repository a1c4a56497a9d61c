using FlowOrleans.Durability.Log;
using FlowOrleans.Durability.Tests.Support;
using FlowOrleans.Streaming;

namespace FlowOrleans.Durability.Tests.Log;

/// <summary>Random operation sequences (seeded) against the file log, checked after each step against a plain model.</summary>
public sealed class FileIngestLogModelTests : IDisposable
{
    private const int Partitions = 3;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task TheLogBehavesLikeItsModel(int seed)
    {
        var random = new Random(seed);
        var model = Enumerable.Range(0, Partitions).Select(_ => new Dictionary<long, StreamEvent>()).ToArray();
        var committed = new long[Partitions];
        var next = 0;
        var log = Open();
        try
        {
            for (var step = 0; step < 150; step++)
            {
                switch (random.Next(10))
                {
                    case < 6:
                        var batches = Enumerable.Range(0, random.Next(1, 5))
                            .Select(_ => Enumerable.Range(0, random.Next(0, 25)).Select(_ => (random.Next(Partitions), Events.Make(next++))).ToList())
                            .ToList();
                        var results = await Task.WhenAll(batches.Select(b => log.AppendAsync(b).AsTask()));
                        for (var b = 0; b < batches.Count; b++)
                        {
                            for (var i = 0; i < batches[b].Count; i++)
                            {
                                Assert.True(model[batches[b][i].Item1].TryAdd(results[b][i], batches[b][i].Item2), "offset handed out twice");
                            }
                        }

                        break;
                    case 6:
                        var partition = random.Next(Partitions);
                        var offset = random.NextInt64(0, model[partition].Count + 1);
                        await log.CommitAsync(partition, offset);
                        committed[partition] = Math.Max(committed[partition], offset);
                        break;
                    case 7:
                        await log.DisposeAsync();
                        log = Open();
                        break;
                    default:
                        var p = random.Next(Partitions);
                        var from = random.NextInt64(committed[p], model[p].Count + 2);
                        var max = random.Next(0, 40);
                        var read = await log.ReadAsync(p, from, max);
                        var expected = Enumerable.Range(0, max).Select(i => from + i).TakeWhile(o => o < model[p].Count).ToList();
                        Assert.Equal(expected, read.Select(e => e.Offset));
                        Assert.Equal(expected.Select(o => model[p][o]), read.Select(e => e.Event));
                        break;
                }

                for (var p = 0; p < Partitions; p++)
                {
                    Assert.Equal(model[p].Count, log.GetEndOffset(p));
                    Assert.Equal(committed[p], log.GetCommittedOffset(p));
                    Assert.InRange(log.GetStartOffset(p), 0, committed[p]);
                }
            }
        }
        finally
        {
            await log.DisposeAsync();
        }
    }

    private FileIngestLog Open() => FileIngestLog.Open(new FileIngestLogOptions
    {
        DataDirectory = _dir.Path,
        PartitionCount = Partitions,
        SegmentBytes = 4096,
    });
}
