using FlowOrleans.Durability.Results;
using FlowOrleans.Durability.Tests.Support;

namespace FlowOrleans.Durability.Tests.Results;

public sealed class FileResultStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string ResultsLog => Path.Combine(_dir.Path, "results", "results.log");

    private string LateLog => Path.Combine(_dir.Path, "results", "late.log");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TheIndexRebuiltOnOpenEqualsTheOneBefore()
    {
        static string Snapshot(IResultStore s) => string.Join('\n', [
            .. s.Recent(1000).Select(r => r.ToString()),
            "--",
            .. s.Query("default", KeyFilter.Any, null, null, 1000).Select(r => r.ToString()),
            "--",
            .. s.Query("alerts", KeyFilter.Exactly(null), null, null, 1000).Select(r => r.ToString()),
            "--",
            .. s.Late("default", 1000).Select(r => r.ToString()),
            $"{s.ResultCount} {s.LateCount}",
        ]);

        string before;
        await using (var store = FileResultStore.Open(_dir.Path))
        {
            await Fill(store);
            await store.FlushAsync();
            before = Snapshot(store);
            Assert.Contains("Count = 4", before, StringComparison.Ordinal);
        }

        await using (var store = FileResultStore.Open(_dir.Path))
        {
            Assert.Equal(before, Snapshot(store));
            Assert.Empty(await store.AppendLateAsync([Samples.Late(0, 1)]));
            Assert.Empty(await store.UpsertResultsAsync([Samples.Result("a", 0, count: 4, revision: 2)]));
        }
    }

    [Fact]
    public async Task ResultsLogHoldsOneCamelCaseResultPerLine()
    {
        await using (var store = FileResultStore.Open(_dir.Path))
        {
            await store.UpsertResultsAsync([Samples.Result(null, 0), Samples.Result("a", 0)]);
            await store.FlushAsync();
        }

        var lines = File.ReadAllLines(ResultsLog);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"pipeline\":\"default\",\"key\":null,\"windowStart\":0,\"windowEnd\":10000,\"count\":1,", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATornLastLineIsDroppedAndTheFileStaysAppendable()
    {
        await using (var store = FileResultStore.Open(_dir.Path))
        {
            await store.UpsertResultsAsync([Samples.Result("a", 0), Samples.Result("b", 0)]);
            await store.AppendLateAsync([Samples.Late(0, 1), Samples.Late(0, 2)]);
        }

        Chop(ResultsLog, 7);
        Chop(LateLog, 3);

        await using (var store = FileResultStore.Open(_dir.Path))
        {
            Assert.Equal(["a"], store.Recent(10).Select(r => r.Key));
            Assert.Equal([1L], store.Late("default", 10).Select(r => r.Offset));
            await store.UpsertResultsAsync([Samples.Result("c", 0)]);
            await store.AppendLateAsync([Samples.Late(0, 2)]);
        }

        await using (var store = FileResultStore.Open(_dir.Path))
        {
            Assert.Equal(["a", "c"], store.Recent(10).Select(r => r.Key));
            Assert.Equal([1L, 2L], store.Late("default", 10).Select(r => r.Offset));
        }
    }

    [Fact]
    public async Task CompactionDropsSupersededRevisionsAndKeepsTheSameAnswers()
    {
        await using (var store = FileResultStore.Open(_dir.Path, compactionMinLines: 10))
        {
            for (var revision = 0; revision < 10; revision++)
            {
                await store.UpsertResultsAsync([Samples.Result("a", 0, count: revision + 1, revision: revision), Samples.Result("b", 0, count: revision + 1, revision: revision)]);
            }

            await store.UpsertResultsAsync([Samples.Result("c", 0)]);
            await store.FlushAsync();
            Assert.Equal(3, File.ReadAllLines(ResultsLog).Length);
            await store.UpsertResultsAsync([Samples.Result("d", 0)]);
        }

        await using (var store = FileResultStore.Open(_dir.Path, compactionMinLines: 10))
        {
            Assert.Equal([("a", 10L), ("b", 10L), ("c", 1L), ("d", 1L)], store.Recent(10).Select(r => (r.Key!, r.Count)));
        }
    }

    [Fact]
    public async Task UpsertsAndLateRecordsReachTheFilesBeforeTheyReturnSoAKillNineKeepsThem()
    {
        await using var store = FileResultStore.Open(_dir.Path);
        await store.UpsertResultsAsync([Samples.Result("written-through", 0)]);
        await store.AppendLateAsync([Samples.Late(3, 42)]);

        // No flush and no dispose: what a kill -9 would leave is what the operating system already has.
        Assert.Contains("written-through", ReadShared(ResultsLog), StringComparison.Ordinal);
        Assert.Contains("\"offset\":42", ReadShared(LateLog), StringComparison.Ordinal);

        static string ReadShared(string path)
        {
            using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return reader.ReadToEnd();
        }
    }

    private static async Task Fill(IResultStore store)
    {
        await store.UpsertResultsAsync([Samples.Result("a", 0), Samples.Result(null, 0), Samples.Result("b", 10_000)]);
        await store.UpsertResultsAsync([Samples.Result("a", 0, count: 4, revision: 2), Samples.Result(null, 0, pipeline: "alerts")]);
        await store.UpsertResultsAsync([Samples.Result("a", 0, count: 4, revision: 2, emittedAt: 5)]);
        await store.AppendLateAsync([Samples.Late(0, 1), Samples.Late(2, 7, 10_000), Samples.Late(0, 1)]);
    }

    private static void Chop(string path, int bytes)
    {
        using var file = new FileStream(path, FileMode.Open);
        file.SetLength(file.Length - bytes);
    }
}
