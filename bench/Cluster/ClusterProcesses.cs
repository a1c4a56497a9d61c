using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FlowOrleans.Bench.Cluster;

/// <summary>
/// A cluster of real processes from <c>scripts/cluster.sh</c> (Azurite, N silos, the gateway on a free port) in a
/// temporary directory of its own (<c>CLUSTER_DIR</c>), so it never meets a user's <c>.cluster</c>. Dispose runs
/// <c>cluster.sh down</c> and deletes the directory.
/// </summary>
internal sealed class ClusterProcesses : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _directory = Directory.CreateTempSubdirectory("floworleans-bench-cluster-").FullName;

    private ClusterProcesses(string root, int port)
    {
        _root = root;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A client of the gateway.</summary>
    public HttpClient Http { get; }

    /// <summary>Where the pids, logs and Azurite's data are.</summary>
    public string Folder => _directory;

    /// <summary>Keep <see cref="Folder"/> after <c>down</c>, to read the logs of a failed run.</summary>
    public bool KeepFolder { get; set; }

    /// <summary>The last <paramref name="lines"/> lines of each silo's and the gateway's log.</summary>
    public string Logs(int lines = 30) => string.Join('\n', Directory.EnumerateFiles(_directory, "*.log").Order(StringComparer.Ordinal)
        .Select(f => $"===== {Path.GetFileName(f)}\n{string.Join('\n', File.ReadLines(f).TakeLast(lines))}"));

    /// <summary>
    /// <c>cluster.sh up</c>: builds the silo and the gateway in Release unless <paramref name="build"/> is false,
    /// starts everything and returns once the gateway is ready.
    /// </summary>
    public static async Task<ClusterProcesses> UpAsync(int silos, int partitions, bool build)
    {
        var cluster = new ClusterProcesses(RepositoryRoot(), FreePort());
        try
        {
            string[] up = ["up", "--silos", Text(silos), "--partitions", Text(partitions), "--port", Text(cluster.Http.BaseAddress!.Port)];
            await cluster.RunAsync(TimeSpan.FromMinutes(10), build ? up : [.. up, "--no-build"]);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo-to-silo port of silo <paramref name="index"/> (1..N).</summary>
    public int SiloPort(int index) =>
        int.Parse(File.ReadAllText(Path.Combine(_directory, $"silo-{index}.ports")).Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary><c>cluster.sh kill-silo <paramref name="index"/></c> (kill -9).</summary>
    public Task KillSiloAsync(int index) => RunAsync(TimeSpan.FromMinutes(1), "kill-silo", Text(index));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await RunAsync(TimeSpan.FromMinutes(1), "down");
        if (KeepFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private async Task RunAsync(TimeSpan deadline, params string[] args)
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
        await process.WaitForExitAsync().WaitAsync(deadline);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', args)} exited {process.ExitCode}:\n{await stdout}{await stderr}");
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
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
