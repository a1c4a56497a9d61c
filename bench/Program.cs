using BenchmarkDotNet.Running;
using FlowOrleans.Bench;

if (args.Length > 0 && args[0] == "throughput")
{
    await ThroughputHarness.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Benchmark entry point.</summary>
public partial class Program;
