using BenchmarkDotNet.Attributes;

namespace FlowOrleans.Bench;

/// <summary>
/// Sequential local grain calls against a direct interface call on the grain object (the baseline), and
/// concurrent calls from many callers (per-call cost = mean / OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class LocalCallBenchmarks
{
    private const int ConcurrentCalls = 100_000;
    private const int Callers = 64;
    private BenchSilo _silo = null!;
    private IBenchGrain _grain = null!;
    private IBenchGrain[] _grains = null!;
    private readonly IBenchGrain _direct = new BenchGrain();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await BenchSilo.StartAsync();
        _grain = _silo.Grains.GetGrain<IBenchGrain>(0);
        _grains = Enumerable.Range(0, 256).Select(i => _silo.Grains.GetGrain<IBenchGrain>(i)).ToArray();
        foreach (var grain in _grains)
        {
            await grain.Ping(0);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _silo.DisposeAsync();

    [Benchmark(Baseline = true, Description = "direct interface call (baseline)")]
    public async Task<int> DirectCall() => await _direct.Ping(1);

    [Benchmark(Description = "grain call, ValueTask<int>")]
    public async Task<int> GrainCallValueTask() => await _grain.Ping(1);

    [Benchmark(Description = "grain call, Task<int>")]
    public async Task<int> GrainCallTask() => await _grain.PingTask(1);

    [Benchmark(OperationsPerInvoke = ConcurrentCalls, Description = "concurrent grain calls, 64 callers, 256 grains (per call)")]
    public async Task ConcurrentGrainCalls()
    {
        var callers = new Task[Callers];
        for (var c = 0; c < Callers; c++)
        {
            var caller = c;
            callers[c] = Task.Run(async () =>
            {
                for (var i = 0; i < ConcurrentCalls / Callers; i++)
                {
                    await _grains[(caller + i) & 255].Ping(i);
                }
            });
        }

        await Task.WhenAll(callers);
    }
}
