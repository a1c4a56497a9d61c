using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace FlowOrleans.Failover.Tests.Infrastructure;

/// <summary>
/// A cluster of real processes started by <c>scripts/cluster.sh</c> (Azurite, N silos, the client-api gateway) in a
/// directory of its own (<c>CLUSTER_DIR</c>) with the gateway on a free port, so it never meets a user's
/// <c>.cluster</c>. It runs what this test build built (<c>--no-build</c>: the project references the silo and the
/// gateway). Dispose runs <c>cluster.sh down</c> whatever happened, and deletes the directory unless told to keep it.
/// The cluster benchmarks in bench/ compile this same file.
/// </summary>
internal sealed class ClusterScript : IAsyncDisposable
{
    private static readonly TimeSpan UpDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromMinutes(1);
    private readonly string _root = RepositoryRoot();
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("floworleans-cluster-").FullName;
    private readonly int _port = FreeLoopbackPort();
    private bool _started;

    /// <summary>A cluster of <paramref name="silos"/> silos that goes down by itself once process <paramref name="owner"/> (this one by default) is gone, killed or not.</summary>
    public ClusterScript(int silos, int partitions, int? owner = null)
    {
        Silos = silos;
        Partitions = partitions;
        Owner = owner ?? Environment.ProcessId;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Silos { get; }

    public int Partitions { get; }

    /// <summary>The process whose end takes the cluster down (<c>cluster.sh up --owner</c>).</summary>
    public int Owner { get; }

    /// <summary>A client of the gateway.</summary>
    public HttpClient Http { get; }

    /// <summary>Keep the directory (logs, Azurite's data) after <c>down</c>, to read a failure afterwards.</summary>
    public bool KeepDirectory { get; set; }

    /// <summary>Where the cluster's pids, logs and data are.</summary>
    public string Directory => _directory;

    /// <summary>What <c>up</c> printed, for failure messages.</summary>
    public string UpOutput { get; private set; } = "";

    /// <summary>
    /// Starts the cluster and waits until the gateway's <c>/health/ready</c> answers 200 (cluster.sh waits for it). The
    /// tests run what their build built; a benchmark may have cluster.sh build the silo and the gateway first
    /// (<paramref name="build"/>). Either way in the configuration of this assembly's own build.
    /// </summary>
    public async Task UpAsync(bool build = false)
    {
        _started = true;
        var configuration = typeof(ClusterScript).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        string[] up = ["up", "--silos", Text(Silos), "--partitions", Text(Partitions), "--port", Text(_port), "--configuration", configuration, "--owner", Text(Owner)];
        UpOutput = await RunAsync(build ? TimeSpan.FromMinutes(10) : UpDeadline, build ? up : [.. up, "--no-build"]);
    }

    /// <summary><c>cluster.sh kill-silo <paramref name="index"/></c>: kill -9 of silo <paramref name="index"/> (1..N).</summary>
    public Task<string> KillSiloAsync(int index) => RunAsync(CommandDeadline, "kill-silo", Text(index));

    /// <summary>The silo-to-silo port of silo <paramref name="index"/> (1..N), as cluster.sh recorded it.</summary>
    public int SiloPort(int index) =>
        int.Parse(File.ReadAllText(Path.Combine(_directory, $"silo-{index}.ports")).Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>The last <paramref name="lines"/> lines of every log of the cluster.</summary>
    public string Logs(int lines = 80)
    {
        var text = new StringBuilder();
        foreach (var log in System.IO.Directory.EnumerateFiles(_directory, "*.log").Append(Path.Combine(_directory, "azurite", "azurite.log")).Where(File.Exists).Order(StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"===== {Path.GetFileName(log)} (last {lines} lines)");
            foreach (var line in File.ReadLines(log).TakeLast(lines))
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_started)
        {
            await RunAsync(CommandDeadline, "down");
        }

        if (KeepDirectory)
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: Azurite may still be closing its files.
        }
    }

    private async Task<string> RunAsync(TimeSpan deadline, params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
            Environment = { ["CLUSTER_DIR"] = _directory },
        };
        start.ArgumentList.Add(Path.Combine(_root, "scripts", "cluster.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cluster.sh {string.Join(' ', args)} did not finish within {deadline}");
        }

        var output = await stdout + await stderr;
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"cluster.sh {string.Join(' ', args)} exited {Text(process.ExitCode)}:\n{output}");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "cluster.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No scripts/cluster.sh above {AppContext.BaseDirectory}.");
    }
}
