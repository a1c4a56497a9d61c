using BenchmarkDotNet.Running;
using FlowOrleans.Bench;
using FlowOrleans.Bench.Cluster;
using FlowOrleans.Bench.Ingest;
using FlowOrleans.Bench.Remote;
using FlowOrleans.Bench.Windows;

if (args.Length > 0 && args[0] == "throughput")
{
    await ThroughputHarness.RunAsync(args);
    return;
}

switch (args.FirstOrDefault())
{
    case "ingest":
        await IngestHarness.RunAsync(args);
        return;
    case "ingest-url":
        await IngestHarness.RunAgainstAsync(args);
        return;
    case "ws-latency":
        await WindowLatencyHarness.RunAsync(args);
        return;
    case "ws-load":
        await LoadedWindowLatencyHarness.RunAsync(args);
        return;
    case "stages":
        StageCosts.Run(args);
        return;
    case "memory":
        await MemoryHarness.RunAsync(args);
        return;
    case "result-memory":
        await ResultMemory.RunAsync(args);
        return;
    case "bare-server":
        await BareKestrelServer.RunAsync(args);
        return;
    case "remote":
        await RemoteCallHarness.RunAsync(args);
        return;
    case "failure-detection":
        await FailureDetectionHarness.RunAsync(args);
        return;
    case "failover":
        await ProcessFailoverHarness.RunAsync(args);
        return;
    case "cluster-throughput":
        await ClusterThroughputHarness.RunAsync(args);
        return;
    case "windows":
        WindowThroughput.Run(args);
        return;
}

BenchmarkSwitcher.FromAssembly(typeof(StageCosts).Assembly).Run(args);
