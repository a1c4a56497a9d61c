using FlowOrleans.Durability.Results;
using FlowOrleans.Streaming;

namespace FlowOrleans.Bench.Ingest;

/// <summary>
/// What the node's result store keeps in memory per window result: upserts N results shaped like the built-in
/// pipelines' (100 keys, 10 s windows; every other one with a <c>p99</c> as <c>alerts</c> has) into a
/// <see cref="FileResultStore"/> and reports the retained GC heap per result. The memory benchmark's slow heap trend
/// is compared with it.
/// </summary>
public static class ResultMemory
{
    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1]) : 100_000;
        var dir = Path.Combine(Path.GetTempPath(), "floworleans-result-memory-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var keys = Enumerable.Range(0, 100).Select(k => $"key-{k}").ToArray();
            var store = FileResultStore.Open(dir);
            var before = Retained();
            const int batch = 1_000;
            for (var i = 0; i < count; i += batch)
            {
                var results = new List<WindowResult>(batch);
                for (var j = i; j < Math.Min(count, i + batch); j++)
                {
                    var alerts = j % 2 == 1;
                    var start = 1_700_000_000_000 + (j / 200) * 10_000L;
                    results.Add(new WindowResult
                    {
                        Pipeline = alerts ? "alerts" : "default",
                        Key = keys[(j / 2) % keys.Length],
                        WindowStart = start,
                        WindowEnd = start + 10_000,
                        Count = 1_000 + j % 17,
                        Sum = j * 1.5,
                        Min = 0.25,
                        Max = 99.75,
                        Avg = 50.125,
                        EmittedAt = 1_700_000_000_000 + j,
                        Aggregates = alerts ? new Dictionary<string, double?> { ["p99"] = 98.5 } : null,
                    });
                }

                await store.UpsertResultsAsync(results);
            }

            await store.FlushAsync();
            var after = Retained();
            Console.WriteLine($"result store: {count:N0} results held, {(after - before) / (double)count:N0} B of GC heap retained per result");
            GC.KeepAlive(store);
            await store.DisposeAsync();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
