using System.Globalization;
using FlowOrleans.Durability.CrashWriter;

// Usage: append <dataDir> <partitions> <writers> <firstBatch>  |  bench <dataDir> [seconds] [partitions]
if (args is ["append", var dir, var partitions, var writers, var firstBatch])
{
    await AppendUntilKilled.RunAsync(dir, int.Parse(partitions, CultureInfo.InvariantCulture), int.Parse(writers, CultureInfo.InvariantCulture), long.Parse(firstBatch, CultureInfo.InvariantCulture));
    return 0;
}

if (args is ["bench", var benchDir, ..])
{
    var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 5;
    var partitionCount = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 8;
    await GroupCommitBenchmark.RunAsync(benchDir, TimeSpan.FromSeconds(seconds), partitionCount);
    return 0;
}

Console.Error.WriteLine("usage: append <dataDir> <partitions> <writers> <firstBatch> | bench <dataDir> [seconds] [partitions]");
return 2;
